import Foundation

/// A secret symmetric key: AEAD keys, HMAC keys, KDF output, key-wrapping keys.
///
/// Security contract: the bytes live in `SecureBytes` (zeroised on release, constant-time `==`,
/// redacted `description`). A key also caches keyed OpenSSL contexts for the AEAD it is used with,
/// which hold a copy of the key schedule; they are freed (and cleansed by OpenSSL) with the key.
/// Using one key with two different algorithms is a misuse the type cannot prevent; give each key
/// one purpose.
public struct SymmetricKey: Sendable, Equatable, CustomStringConvertible {
    let secret: SecureBytes
    let aeadContexts: ContextSlot

    /// Wraps existing secret bytes.
    public init(_ secret: SecureBytes) {
        self.secret = secret
        aeadContexts = ContextSlot.forCipherContexts()
    }

    /// Copies `data` into a new key. The caller should wipe its own copy if it can.
    public init(data: some DataProtocol) {
        self.init(SecureBytes(data))
    }

    /// A new random key of `bitCount` bits (128, 192 or 256 for AES; 256 for ChaCha20-Poly1305).
    public init(size bitCount: Int) {
        precondition(bitCount > 0 && bitCount % 8 == 0, "key size must be a positive multiple of 8 bits")
        self.init(SecureBytes(randomByteCount: bitCount / 8))
    }

    /// A new random key of `size`, as CryptoKit's `SymmetricKey(size: .bits256)`.
    public init(size: SymmetricKeySize) { self.init(size: size.bitCount) }

    /// The key length in bits.
    public var bitCount: Int { secret.count * 8 }

    /// The key length in bytes.
    public var byteCount: Int { secret.count }

    /// Lends the raw key for the duration of `body`. Do not let the pointer or a copy escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try secret.withUnsafeBytes(body)
    }

    /// Constant-time comparison of the key bytes.
    public static func == (lhs: SymmetricKey, rhs: SymmetricKey) -> Bool { lhs.secret == rhs.secret }

    /// `SymmetricKey(N bits)`: never the key itself.
    public var description: String { "SymmetricKey(\(bitCount) bits)" }
}
