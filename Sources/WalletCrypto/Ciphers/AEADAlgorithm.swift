/// Names an AEAD construction and the key sizes it accepts.
///
/// Security contract: only AES-GCM, ChaCha20-Poly1305, SM4-GCM and SM4-CCM exist here, all with
/// 16-byte tags and 12-byte nonces by default. Tags are never truncated.
public struct AEADAlgorithm: Sendable, Hashable, CustomStringConvertible {
    @usableFromInline
    init(id: ID) { self.id = id }

    @usableFromInline
    enum ID: Sendable, Hashable { case aesGCM, chaChaPoly, sm4GCM, sm4CCM }

    @usableFromInline let id: ID

    /// Key lengths in bytes this algorithm accepts.
    public var keyByteCounts: [Int] {
        switch id {
        case .aesGCM: [16, 24, 32]
        case .chaChaPoly: [32]
        case .sm4GCM, .sm4CCM: [16]
        }
    }

    /// AES-GCM (NIST SP 800-38D) with 128-, 192- or 256-bit keys.
    @inlinable public static var aesGCM: AEADAlgorithm { AEADAlgorithm(id: .aesGCM) }
    /// ChaCha20-Poly1305 (RFC 8439) with a 256-bit key.
    @inlinable public static var chaChaPoly: AEADAlgorithm { AEADAlgorithm(id: .chaChaPoly) }
    /// SM4-GCM (NIST SP 800-38D with the SM4 block cipher of GB/T 32907, as profiled by RFC 8998)
    /// with a 128-bit key.
    @inlinable public static var sm4GCM: AEADAlgorithm { AEADAlgorithm(id: .sm4GCM) }
    /// SM4-CCM (NIST SP 800-38C with SM4, as profiled by RFC 8998: 12-byte nonce, 16-byte tag, so
    /// at most 2^24 − 1 bytes per message) with a 128-bit key.
    @inlinable public static var sm4CCM: AEADAlgorithm { AEADAlgorithm(id: .sm4CCM) }

    /// The standard nonce length: 12 bytes.
    public static let nonceByteCount = 12
    /// The tag length: 16 bytes.
    public static let tagByteCount = 16

    /// Whether this is one of the SM4 constructions, which run on `CRYPTO_gcm128`/`CRYPTO_ccm128`.
    var isSM4: Bool { id == .sm4GCM || id == .sm4CCM }

    /// The algorithm's common name.
    public var description: String {
        switch id {
        case .aesGCM: "AES-GCM"
        case .chaChaPoly: "ChaCha20-Poly1305"
        case .sm4GCM: "SM4-GCM"
        case .sm4CCM: "SM4-CCM"
        }
    }
}
