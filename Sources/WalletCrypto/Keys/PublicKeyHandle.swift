import Synchronization

/// The OpenSSL key behind an `AsymmetricPublicKey`. For the public half of an Ed25519 or X25519
/// private key it is imported from the raw bytes on first use, so making a key pair and reading
/// its public bytes (what a key exchange sends) never builds a second `EVP_PKEY` (issue 15).
///
/// Sendable: the key is made at most once under the mutex and is immutable afterwards.
final class PublicKeyHandle: Sendable {
    private let state: Mutex<PKey?>
    private let raw: [UInt8]
    private let algorithm: KeyAlgorithm

    /// A handle for an existing public-only key.
    init(_ key: PKey) {
        state = Mutex(key)
        raw = []
        algorithm = key.algorithm
    }

    /// A handle that imports the 32-byte raw key of `algorithm` (Ed25519 or X25519) when first used.
    init(deferredRaw raw: [UInt8], _ algorithm: KeyAlgorithm) {
        state = Mutex(nil)
        self.raw = raw
        self.algorithm = algorithm
    }

    /// The key, imported now if it was deferred.
    var key: PKey {
        state.withLock { key in
            if let key { return key }
            do {
                let made = try raw.withBytes { (bytes) throws(CryptoError) in try PKey.publicKey(raw: bytes, algorithm)
                }
                key = made
                return made
            } catch {
                fatalError("re-importing our own public key failed: \(error)")
            }
        }
    }
}
