import WalletCrypto

/// A card number, checked and kept as ASCII digits in `SecureBytes`.
///
/// Security contract: the digits are never in a `description`, error or log line; `masked` shows at
/// most the first six and last four (PCI DSS 3.4.1). Input is normalised (spaces and dashes
/// removed) and must be 12 to 19 digits passing the Luhn check.
public struct PrimaryAccountNumber: Sendable, Equatable, CustomStringConvertible {
    /// The digits, ASCII.
    let digits: SecureBytes

    /// Normalises and checks `text`. Throws `VaultError` `.invalidCard` naming the rule broken.
    public init(_ text: String) throws {
        var bytes: [UInt8] = []
        defer { Self.wipe(&bytes) }
        for byte in text.utf8 where byte != 0x20 && byte != 0x2D {
            guard (0x30...0x39).contains(byte) else {
                throw VaultError(.invalidCard, "a card number has only digits, spaces and dashes")
            }
            bytes.append(byte)
        }
        guard (12...19).contains(bytes.count) else {
            throw VaultError(.invalidCard, "a card number has 12 to 19 digits, this one has \(bytes.count)")
        }
        guard Self.passesLuhn(bytes) else { throw VaultError(.invalidCard, "the card number fails the Luhn check") }
        digits = SecureBytes(bytes)
    }

    init(checkedDigits: SecureBytes) { digits = checkedDigits }

    /// The number of digits.
    public var count: Int { digits.count }

    /// The card scheme.
    public var brand: CardBrand { digits.withUnsafeBytes { CardBrand.detect(Array($0.prefix(6))) } }

    /// The last four digits, which PCI DSS allows to be shown.
    public var lastFour: String { digits.withUnsafeBytes { String(decoding: $0.suffix(4), as: UTF8.self) } }

    /// The first six digits (the IIN), which PCI DSS allows to be shown with the last four.
    public var firstSix: String { digits.withUnsafeBytes { String(decoding: $0.prefix(6), as: UTF8.self) } }

    /// The number with everything but the last four (and the first six when asked) as `*`.
    public func masked(showingFirstSix: Bool = false) -> String {
        Self.mask(count: count, firstSix: showingFirstSix ? firstSix : nil, lastFour: lastFour)
    }

    /// Lends the digits as ASCII for the duration of `body`. Do not copy them out.
    public func withUnsafeDigits<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try digits.withUnsafeBytes(body)
    }

    /// The brand and last four only.
    public var description: String { "PrimaryAccountNumber(\(brand.rawValue), \(masked()))" }

    static func mask(count: Int, firstSix: String?, lastFour: String) -> String {
        let shown = (firstSix?.count ?? 0) + 4
        return (firstSix ?? "") + String(repeating: "*", count: max(0, count - shown)) + lastFour
    }

    /// The Luhn (mod 10) check of ASCII digits.
    static func passesLuhn(_ digits: some Collection<UInt8>) -> Bool {
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            var value = Int(digit - 0x30)
            if index % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    static func wipe(_ bytes: inout [UInt8]) {
        for index in bytes.indices { bytes[index] = 0 }
    }
}
