/// An ISO 4217-style currency code: exactly three ASCII upper-case letters.
///
/// Security contract: only the syntax is checked (the list of ISO 4217 codes changes, and a
/// policy names the codes it allows). Equality, hashing and ordering are on the three bytes, so
/// no look-alike letter from another script can pass as `EUR`.
public struct CurrencyCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The three letters.
    public let text: String
    private let bytes: UInt32

    /// Accepts exactly three ASCII letters A-Z; throws `.invalidFile` otherwise.
    package init(_ text: String) throws(SignerError) {
        guard let bytes = Self.pack(text.utf8) else {
            throw SignerError(.invalidFile, "a currency must be three upper-case ASCII letters such as EUR")
        }
        self.text = text
        self.bytes = bytes
    }

    /// The three letters packed big-endian, or nil when they are not three A-Z bytes.
    static func pack<Bytes: Collection<UInt8>>(_ utf8: Bytes) -> UInt32? {
        guard utf8.count == 3 else { return nil }
        var packed: UInt32 = 0
        for byte in utf8 {
            guard byte >= 0x41 && byte <= 0x5A else { return nil }
            packed = packed << 8 | UInt32(byte)
        }
        return packed
    }

    /// Byte equality.
    public static func == (left: CurrencyCode, right: CurrencyCode) -> Bool { left.bytes == right.bytes }

    /// Hashes the bytes.
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// Byte order (`CHF` < `EUR` < `USD`).
    public static func < (left: CurrencyCode, right: CurrencyCode) -> Bool { left.bytes < right.bytes }

    /// The three letters.
    public var description: String { text }
}
