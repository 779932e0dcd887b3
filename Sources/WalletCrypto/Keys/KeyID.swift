/// A stable identifier of a public key: the first 16 bytes of SHA-256 over its
/// SubjectPublicKeyInfo DER (`docs/spec/key-id.md`).
///
/// Security contract: 128 bits make accidental and engineered collisions impractical, so a key ID
/// can name the key that made a signature or ciphertext. It is public and reveals nothing about the
/// private key; it does not prove possession of the key.
public struct KeyID: Sendable, Hashable, CustomStringConvertible {
    /// The 16 ID bytes.
    public let bytes: [UInt8]

    /// The byte length of a key ID.
    public static let byteCount = 16

    /// The ID of the key whose SubjectPublicKeyInfo DER is `spki`.
    init(subjectPublicKeyInfo spki: [UInt8]) {
        bytes = Array(SHA256.hash(data: spki).bytes.prefix(KeyID.byteCount))
    }

    /// An ID read from storage. Throws `CryptoError` `.invalidEncoding` unless it is 16 bytes.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == KeyID.byteCount else {
            throw CryptoError(.invalidEncoding, "a key ID is \(KeyID.byteCount) bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// Lowercase hex, 32 characters.
    public var description: String { Hex.encode(bytes) }
}
