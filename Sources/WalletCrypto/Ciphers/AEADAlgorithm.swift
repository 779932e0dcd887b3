/// Names an AEAD construction and the key sizes it accepts.
///
/// Security contract: only AES-GCM and ChaCha20-Poly1305 exist here, both with 16-byte tags and
/// 12-byte nonces by default. Tags are never truncated.
public struct AEADAlgorithm: Sendable, Hashable, CustomStringConvertible {
    @usableFromInline
    init(id: ID) { self.id = id }

    @usableFromInline
    enum ID: Sendable, Hashable { case aesGCM, chaChaPoly }

    @usableFromInline let id: ID

    /// Key lengths in bytes this algorithm accepts.
    public var keyByteCounts: [Int] { id == .aesGCM ? [16, 24, 32] : [32] }

    /// AES-GCM (NIST SP 800-38D) with 128-, 192- or 256-bit keys.
    @inlinable public static var aesGCM: AEADAlgorithm { AEADAlgorithm(id: .aesGCM) }
    /// ChaCha20-Poly1305 (RFC 8439) with a 256-bit key.
    @inlinable public static var chaChaPoly: AEADAlgorithm { AEADAlgorithm(id: .chaChaPoly) }

    /// The standard nonce length: 12 bytes.
    public static let nonceByteCount = 12
    /// The tag length: 16 bytes.
    public static let tagByteCount = 16

    /// The algorithm's common name.
    public var description: String { id == .aesGCM ? "AES-GCM" : "ChaCha20-Poly1305" }
}
