internal import COpenSSL

/// One digest algorithm's fetched `EVP_MD` and its cache of a reusable `EVP_MD_CTX`.
final class DigestBackend: Sendable {
    let algorithm: DigestAlgorithm
    let digest: FetchedDigest
    let contexts = ContextSlot { EVP_MD_CTX_free($0) }

    init(_ algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        do {
            digest = try FetchedDigest(algorithm.openSSLName)
        } catch {
            // Every supported libcrypto 3.x ships these digests in its default provider; a missing
            // one means a broken installation, and hashing has no error channel to report it.
            fatalError("\(error)")
        }
    }

    /// Hashes one contiguous buffer with a cached context.
    func hash(_ bytes: UnsafeRawBufferPointer) -> Digest {
        let context = contexts.take() ?? newContext()
        guard EVP_DigestInit_ex2(context, digest.pointer, nil) == 1,
            EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1
        else {
            contexts.discard(context)
            fatalError("\(CryptoError.backend("one-shot digest failed"))")
        }
        let output = final(context)
        contexts.put(context)
        return output
    }

    /// Finishes `context` into an inline digest.
    func final(_ context: OpaquePointer) -> Digest {
        Digest(
            FixedBytes(count: digest.size) { buffer in
                var length: UInt32 = 0
                guard EVP_DigestFinal_ex(context, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), &length) == 1
                else {
                    fatalError("\(CryptoError.backend("EVP_DigestFinal_ex failed"))")
                }
            }, algorithm: algorithm)
    }

    func newContext() -> OpaquePointer {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        return context
    }
}

private let sha1Backend = DigestBackend(.insecureSHA1)
private let sha256Backend = DigestBackend(.sha256)
private let sha384Backend = DigestBackend(.sha384)
private let sha512Backend = DigestBackend(.sha512)
private let sha3_256Backend = DigestBackend(.sha3_256)
private let sm3Backend = DigestBackend(.sm3)
private let blake2b512Backend = DigestBackend(.blake2b512)

extension DigestAlgorithm {
    /// The process-wide backend, fetched on first use.
    var backend: DigestBackend {
        switch id {
        case .sha1: sha1Backend
        case .sha256: sha256Backend
        case .sha384: sha384Backend
        case .sha512: sha512Backend
        case .sha3_256: sha3_256Backend
        case .sm3: sm3Backend
        case .blake2b512: blake2b512Backend
        }
    }
}

/// An `EVP_MD_CTX` in the middle of an incremental hash.
///
/// Only `DigestState` owns it and mutates it only while uniquely referenced (copy-on-write);
/// `finalize` works on a copy. That discipline makes sharing the reference between threads sound.
final class DigestContext: @unchecked Sendable {
    let context: OpaquePointer
    let backend: DigestBackend

    init(_ backend: DigestBackend) {
        self.backend = backend
        context = backend.newContext()
        guard EVP_DigestInit_ex2(context, backend.digest.pointer, nil) == 1 else {
            fatalError("\(CryptoError.backend("EVP_DigestInit_ex2 failed"))")
        }
    }

    private init(copying other: DigestContext) {
        backend = other.backend
        context = backend.newContext()
        guard EVP_MD_CTX_copy_ex(context, other.context) == 1 else {
            fatalError("\(CryptoError.backend("EVP_MD_CTX_copy_ex failed"))")
        }
    }

    func copy() -> DigestContext { DigestContext(copying: self) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1 else {
            fatalError("\(CryptoError.backend("EVP_DigestUpdate failed"))")
        }
    }

    /// Finishes this context; it must not be used afterwards.
    func finalize() -> Digest {
        backend.final(context)
    }

    deinit { EVP_MD_CTX_free(context) }
}
