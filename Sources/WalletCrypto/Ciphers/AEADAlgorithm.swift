/// Names an AEAD construction and the key sizes it accepts.
///
/// Security contract: only AES-GCM and ChaCha20-Poly1305 exist here, both with 16-byte tags and
/// 12-byte nonces by default. Tags are never truncated.
public struct AEADAlgorithm: Sendable, Hashable, CustomStringConvertible {
    enum ID: Sendable, Hashable { case aesGCM, chaChaPoly }

    let id: ID
    /// Key lengths in bytes this algorithm accepts.
    public let keyByteCounts: [Int]

    /// AES-GCM (NIST SP 800-38D) with 128-, 192- or 256-bit keys.
    public static let aesGCM = AEADAlgorithm(id: .aesGCM, keyByteCounts: [16, 24, 32])
    /// ChaCha20-Poly1305 (RFC 8439) with a 256-bit key.
    public static let chaChaPoly = AEADAlgorithm(id: .chaChaPoly, keyByteCounts: [32])

    /// The standard nonce length: 12 bytes.
    public static let nonceByteCount = 12
    /// The tag length: 16 bytes.
    public static let tagByteCount = 16

    /// The algorithm's common name.
    public var description: String { id == .aesGCM ? "AES-GCM" : "ChaCha20-Poly1305" }
}
