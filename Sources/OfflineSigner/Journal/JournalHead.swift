import WalletCrypto

/// The last chain value of a `SigningJournal`: SHA-256 over the previous head and the last entry.
///
/// Security contract: public, not secret. Write it down (or keep it elsewhere) after signing: a
/// journal that later shows an older head was truncated or replaced. Compared as bytes.
public struct JournalHead: Sendable, Hashable, CustomStringConvertible {
    /// The 32 bytes.
    public let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The head of an empty journal: 32 zero bytes.
    public static let empty = JournalHead([UInt8](repeating: 0, count: 32))

    /// Lower-case hex, as `offline-signer journal` prints it.
    public var description: String { Hex.encode(bytes) }
}
