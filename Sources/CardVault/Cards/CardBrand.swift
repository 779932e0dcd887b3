/// The card scheme a PAN belongs to, by its issuer identification number.
///
/// Security contract: informational only (shown in metadata and masked forms); nothing is
/// authorised by brand. Ranges follow the schemes' published IIN tables as of 2026.
public enum CardBrand: String, Sendable, CaseIterable {
    /// Visa: 4.
    case visa
    /// Mastercard: 51-55 and the 2-series 2221-2720.
    case mastercard
    /// American Express: 34, 37.
    case amex
    /// UnionPay: 62 (outside Discover's 622126-622925), 81.
    case unionpay
    /// JCB: 3528-3589.
    case jcb
    /// Discover: 6011, 622126-622925, 644-649, 65.
    case discover
    /// Diners Club International: 300-305, 3095, 36, 38-39.
    case diners
    /// None of the above.
    case other

    /// The brand of a PAN given as ASCII digits.
    static func detect(_ digits: [UInt8]) -> CardBrand {
        func prefix(_ count: Int) -> Int {
            digits.prefix(count).reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        let two = prefix(2)
        let three = prefix(3)
        let four = prefix(4)
        let six = prefix(6)
        switch true {
        case digits.first == 0x34: return .visa
        case (51...55).contains(two) || (2221...2720).contains(four): return .mastercard
        case two == 34 || two == 37: return .amex
        case four == 6011 || (622126...622925).contains(six) || (644...649).contains(three) || two == 65:
            return .discover
        case two == 62 || two == 81: return .unionpay
        case (3528...3589).contains(four): return .jcb
        case (300...305).contains(three) || four == 3095 || two == 36 || two == 38 || two == 39: return .diners
        default: return .other
        }
    }
}
