/// Facts about, and a health check of, the OpenSSL library WalletCrypto runs on.
///
/// Security contract: `check()` fails unless the loaded libcrypto is 3.0 or newer and provides
/// every algorithm WalletCrypto exposes. Call it at service start so a bad deployment fails loudly
/// at boot rather than on the first request.
public enum CryptoBackend {
    /// The loaded libcrypto's version text, e.g. "OpenSSL 3.0.19 27 Jan 2026".
    public static var version: String { OpenSSLBackend.versionText }

    /// Throws `CryptoError` `.unsupportedBackend` when libcrypto is older than 3.0 or an algorithm is missing.
    public static func check() throws {
        try OpenSSLBackend.status.get()
        for algorithm in [AEADAlgorithm.aesGCM, .chaChaPoly] {
            for size in algorithm.keyByteCounts { _ = try CipherRegistry.aead(algorithm, keyByteCount: size) }
        }
        for padded in [false, true] {
            for size in [16, 24, 32] { _ = try CipherRegistry.keyWrap(padded: padded, keyByteCount: size) }
        }
        try KDFEngine.checkAvailable()
        for digest in [DigestAlgorithm.insecureSHA1, .sha256, .sha384, .sha512, .sha3_256, .sm3, .blake2b512] {
            _ = digest.backend
        }
    }
}
