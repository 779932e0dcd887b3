/// The typed fields a person reviews before signing: what is paid, to whom and why.
///
/// Security contract: these values are covered by the signature exactly as written, and the
/// policy checks them; an amount is a canonical decimal so "1250.00" cannot also be "01250.0".
public struct RequestSummary: Sendable, Equatable {
    /// A decimal amount without sign or leading zeros, such as "1250.00"; needs `currency`.
    public var amount: String?
    /// Three upper-case letters, ISO 4217 style; present exactly when `amount` is.
    public var currency: String?
    /// Who receives the payment or the signed object.
    public var payee: String?
    /// Why it is signed.
    public var purpose: String?
    /// An external reference, such as a ticket or purchase order.
    public var reference: String?

    /// An empty summary; set the fields that apply.
    public init(
        amount: String? = nil, currency: String? = nil, payee: String? = nil, purpose: String? = nil,
        reference: String? = nil
    ) {
        self.amount = amount
        self.currency = currency
        self.payee = payee
        self.purpose = purpose
        self.reference = reference
    }

    /// The fields in file order, with their line names.
    var lines: [(String, String)] {
        [("amount", amount), ("currency", currency), ("payee", payee), ("purpose", purpose), ("reference", reference)]
            .compactMap { name, value in value.map { ("summary.\(name)", $0) } }
    }

    func validate() throws(SignerError) {
        if let amount { try Self.checkAmount(amount) }
        guard (amount == nil) == (currency == nil) else {
            throw SignerError(.invalidFile, "a summary amount needs a currency and a currency needs an amount")
        }
        if let currency, currency.utf8.count != 3 || !currency.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) {
            throw SignerError(.invalidFile, "the summary currency must be three upper-case letters")
        }
        for (name, value) in lines where name != "summary.amount" && name != "summary.currency" {
            try TextLines.checkText(value, name, maximum: 200)
        }
    }

    /// At most 18 integer and 8 fraction digits, no sign, no leading zeros, no empty parts.
    static func checkAmount(_ amount: String) throws(SignerError) {
        let parts = amount.split(separator: ".", omittingEmptySubsequences: false)
        let digits = { (part: Substring) in !part.isEmpty && part.utf8.allSatisfy { (0x30...0x39).contains($0) } }
        guard parts.count <= 2, digits(parts[0]), parts[0].count <= 18, parts[0] == "0" || parts[0].first != "0",
            parts.count == 1 || (digits(parts[1]) && parts[1].count <= 8)
        else {
            throw SignerError(.invalidFile, "the summary amount must be a plain decimal such as 1250.00")
        }
    }

    /// The amount as a comparable pair (integer part, fraction scaled to 8 digits).
    var scaledAmount: (UInt64, UInt64)? {
        guard let amount else { return nil }
        let parts = amount.split(separator: ".")
        let fraction = parts.count > 1 ? String(parts[1]) + String(repeating: "0", count: 8 - parts[1].count) : "0"
        return (UInt64(parts[0])!, UInt64(fraction)!)
    }
}
