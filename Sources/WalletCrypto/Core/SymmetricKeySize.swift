/// The size of a `SymmetricKey`, as in CryptoKit: `SymmetricKey(size: .bits256)`.
///
/// Security contract: a size only; it says nothing about which algorithm the key may serve. AES
/// takes 128, 192 or 256 bits, ChaCha20-Poly1305 256 bits.
public struct SymmetricKeySize: Sendable, Hashable {
    /// The key length in bits.
    public let bitCount: Int

    /// A size of `bitCount` bits, a positive multiple of 8 (checked when a key is made).
    public init(bitCount: Int) { self.bitCount = bitCount }

    /// 128 bits (AES-128).
    public static var bits128: SymmetricKeySize { SymmetricKeySize(bitCount: 128) }
    /// 192 bits (AES-192).
    public static var bits192: SymmetricKeySize { SymmetricKeySize(bitCount: 192) }
    /// 256 bits (AES-256, ChaCha20-Poly1305, HMAC-SHA-256).
    public static var bits256: SymmetricKeySize { SymmetricKeySize(bitCount: 256) }
}
