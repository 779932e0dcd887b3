import Foundation

/// The raw output of X25519 or ECDH.
///
/// Security contract: the secret lives in `SecureBytes`. It is not uniformly random and must not be
/// used as a key directly: derive keys with `hkdfDerivedSymmetricKey`, binding both parties' public
/// keys or a transcript in `sharedInfo`.
public struct SharedSecret: Sendable, CustomStringConvertible {
    let secret: SecureBytes

    /// Derives a key with HKDF over `H`, as CryptoKit's does: it does not throw, and an output
    /// outside 1...255·HashLen traps (see `HKDF.deriveKey`).
    public func hkdfDerivedSymmetricKey<H: HashFunction>(
        using: H.Type, salt: some DataProtocol, sharedInfo: some DataProtocol, outputByteCount: Int
    ) -> SymmetricKey {
        HKDF<H>.deriveKey(
            inputKeyMaterial: SymmetricKey(secret), salt: salt, info: sharedInfo, outputByteCount: outputByteCount)
    }

    /// Lends the raw secret, for protocols (such as HPKE) that feed it to their own KDF.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try secret.withUnsafeBytes(body)
    }

    /// `SharedSecret(N bytes)`.
    public var description: String { "SharedSecret(\(secret.count) bytes)" }
}
