internal import COpenSSL

/// A keyed `EVP_MAC_CTX` (HMAC) prepared once, from which working contexts are duplicated.
///
/// The template is only ever read (`EVP_MAC_CTX_dup`), never updated, after init; working contexts
/// are handed out exclusively through `ContextSlot`. That makes sharing the object sound.
final class MACTemplate: @unchecked Sendable {
    static let algorithm = Result { () throws(CryptoError) in try FetchedMAC("HMAC") }

    private let template: OpaquePointer
    private let contexts = ContextSlot { EVP_MAC_CTX_free($0) }
    let size: Int

    init(digest: DigestAlgorithm, key: UnsafeRawBufferPointer) {
        template = MACTemplate.newKeyedContext(digest: digest, key: key)
        size = digest.byteCount
    }

    deinit { EVP_MAC_CTX_free(template) }

    /// A working context in its freshly keyed state, owned by the caller.
    func makeContext() -> OpaquePointer {
        guard let context = EVP_MAC_CTX_dup(template) else { fatalError("EVP_MAC_CTX_dup: out of memory") }
        return context
    }

    /// Computes the MAC of one buffer on a cached working context.
    func authenticate(_ bytes: UnsafeRawBufferPointer) -> FixedBytes {
        if let context = contexts.take() {
            // A cached context has finished a MAC; a NULL key re-enters the keyed state.
            guard EVP_MAC_init(context, nil, 0, nil) == 1 else {
                contexts.discard(context)
                fatalError("\(CryptoError.backend("EVP_MAC_init failed"))")
            }
            return finish(context, bytes)
        }
        return finish(makeContext(), bytes)
    }

    /// Computes the MAC of one buffer into `output` (exactly the MAC size), on a cached context.
    func authenticate(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        let context = contexts.take() ?? makeContext()
        guard EVP_MAC_init(context, nil, 0, nil) == 1 else {
            contexts.discard(context)
            fatalError("\(CryptoError.backend("EVP_MAC_init failed"))")
        }
        MACTemplate.update(context, bytes)
        MACTemplate.final(context, into: output)
        contexts.put(context)
    }

    /// Lends one working context for several MACs in a row, taking it from the cache and putting it
    /// back once, instead of once per MAC; `authenticate(on:_:)` computes each.
    /// Not generic, so that callers in other modules get a direct call rather than an
    /// unspecialised generic one (which cost a sixth of a TOTP code).
    func withContext(_ body: (OpaquePointer) -> Void) {
        let context = contexts.take() ?? makeContext()
        body(context)
        contexts.put(context)
    }

    /// The MAC of one buffer into `output` (exactly the MAC size), on a context lent by `withContext`.
    func authenticate(
        on context: OpaquePointer, _ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) {
        guard EVP_MAC_init(context, nil, 0, nil) == 1 else {
            fatalError("\(CryptoError.backend("EVP_MAC_init failed"))")
        }
        MACTemplate.update(context, bytes)
        MACTemplate.final(context, into: output)
    }

    /// The MAC of one buffer on a context lent by `withContext`.
    func authenticate(on context: OpaquePointer, _ bytes: UnsafeRawBufferPointer) -> FixedBytes {
        // NULL re-enters the keyed state, whether the context is fresh or has finished a MAC.
        guard EVP_MAC_init(context, nil, 0, nil) == 1 else {
            fatalError("\(CryptoError.backend("EVP_MAC_init failed"))")
        }
        return MACTemplate.update(context, bytes, finalSize: size)
    }

    private func finish(_ context: OpaquePointer, _ bytes: UnsafeRawBufferPointer) -> FixedBytes {
        let output = MACTemplate.update(context, bytes, finalSize: size)
        contexts.put(context)
        return output
    }

    /// One MAC with a key used once: no template, no duplication.
    static func authenticate(
        digest: DigestAlgorithm, key: UnsafeRawBufferPointer, _ bytes: UnsafeRawBufferPointer
    ) -> FixedBytes {
        let context = newKeyedContext(digest: digest, key: key)
        defer { EVP_MAC_CTX_free(context) }
        return update(context, bytes, finalSize: digest.byteCount)
    }

    /// Feeds bytes into a working context.
    static func update(_ context: OpaquePointer, _ bytes: UnsafeRawBufferPointer) {
        guard bytes.isEmpty || EVP_MAC_update(context, bytes.baseAddress, bytes.count) == 1 else {
            fatalError("\(CryptoError.backend("EVP_MAC_update failed"))")
        }
    }

    /// Finishes a working context; it may then only be re-initialised or freed.
    static func final(_ context: OpaquePointer, size: Int) -> FixedBytes {
        FixedBytes(count: size) { final(context, into: $0) }
    }

    /// Finishes a working context into `output`, whose size must be the MAC size; for secret results.
    static func final(_ context: OpaquePointer, into output: UnsafeMutableRawBufferPointer) {
        var length = 0
        guard
            EVP_MAC_final(context, output.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, output.count) == 1,
            length == output.count
        else {
            fatalError("\(CryptoError.backend("EVP_MAC_final failed"))")
        }
    }

    private static func update(_ context: OpaquePointer, _ bytes: UnsafeRawBufferPointer, finalSize: Int) -> FixedBytes
    {
        update(context, bytes)
        return final(context, size: finalSize)
    }

    /// A new HMAC context keyed with `key`, duplicated from the digest's unkeyed prototype: creating
    /// one from scratch fetches the digest by name, which cost as much as the keying itself.
    static func newKeyedContext(digest: DigestAlgorithm, key: UnsafeRawBufferPointer) -> OpaquePointer {
        guard let context = EVP_MAC_CTX_dup(digest.hmacPrototype.context) else {
            fatalError("EVP_MAC_CTX_dup: out of memory")
        }
        // A zero-length key still needs a non-NULL pointer: NULL means "keep the current key".
        var empty: UInt8 = 0
        let ok = withUnsafeMutablePointer(to: &empty) { emptyPointer in
            let keyPointer = key.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptyPointer)
            return EVP_MAC_init(context, keyPointer, key.count, nil) == 1
        }
        guard ok else {
            EVP_MAC_CTX_free(context)
            fatalError("\(CryptoError.backend("EVP_MAC_init for HMAC-\(digest) failed"))")
        }
        return context
    }
}

/// An HMAC `EVP_MAC_CTX` with its digest set and no key, from which keyed contexts are duplicated.
///
/// It holds no secret, so keeping it for the life of the process is fine. After init it is never
/// keyed or updated, only read by `EVP_MAC_CTX_dup`, which makes sharing it between threads sound.
final class HMACPrototype: @unchecked Sendable {
    let context: OpaquePointer

    init(_ digest: DigestAlgorithm) {
        let mac: FetchedMAC
        do { mac = try MACTemplate.algorithm.get() } catch { fatalError("\(error)") }
        guard let context = EVP_MAC_CTX_new(mac.pointer) else { fatalError("EVP_MAC_CTX_new: out of memory") }
        let parameters = ParameterList()
        parameters.utf8(OSSL_MAC_PARAM_DIGEST, digest.backend.digest.name)
        guard parameters.withParameters({ EVP_MAC_CTX_set_params(context, $0) }) == 1 else {
            fatalError("\(CryptoError.backend("setting the digest of HMAC-\(digest) failed"))")
        }
        self.context = context
    }

    deinit { EVP_MAC_CTX_free(context) }
}

private let sha1HMAC = HMACPrototype(.insecureSHA1)
private let sha256HMAC = HMACPrototype(.sha256)
private let sha384HMAC = HMACPrototype(.sha384)
private let sha512HMAC = HMACPrototype(.sha512)
private let sha3_256HMAC = HMACPrototype(.sha3_256)
private let sm3HMAC = HMACPrototype(.sm3)
private let blake2b512HMAC = HMACPrototype(.blake2b512)

extension DigestAlgorithm {
    /// The process-wide unkeyed HMAC context for this digest, made on first use.
    var hmacPrototype: HMACPrototype {
        switch id {
        case .sha1: sha1HMAC
        case .sha256: sha256HMAC
        case .sha384: sha384HMAC
        case .sha512: sha512HMAC
        case .sha3_256: sha3_256HMAC
        case .sm3: sm3HMAC
        case .blake2b512: blake2b512HMAC
        }
    }
}

/// An `EVP_MAC_CTX` in the middle of an incremental HMAC.
///
/// Only `HMAC` owns it and mutates it only while uniquely referenced (copy-on-write); `finalize`
/// works on a duplicate. That discipline makes sharing the reference between threads sound.
final class MACContext: @unchecked Sendable {
    let context: OpaquePointer
    let size: Int

    init(_ template: MACTemplate) {
        context = template.makeContext()
        size = template.size
    }

    private init(copying other: MACContext) {
        guard let context = EVP_MAC_CTX_dup(other.context) else { fatalError("EVP_MAC_CTX_dup: out of memory") }
        self.context = context
        size = other.size
    }

    func copy() -> MACContext { MACContext(copying: self) }

    func update(_ bytes: UnsafeRawBufferPointer) { MACTemplate.update(context, bytes) }

    /// Finishes this context; it must not be used afterwards.
    func finalize() -> FixedBytes { MACTemplate.final(context, size: size) }

    deinit { EVP_MAC_CTX_free(context) }
}
