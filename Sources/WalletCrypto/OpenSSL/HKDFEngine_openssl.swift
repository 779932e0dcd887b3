internal import COpenSSL

/// HKDF (RFC 5869) as its two HMAC steps on OpenSSL's HMAC.
///
/// `EVP_KDF_CTX_dup` fails for HKDF in OpenSSL 3.0, and RFC 5869 defines HKDF as exactly these
/// steps. One `EVP_MAC_CTX` serves the whole derivation: keyed with the salt for extract, re-keyed
/// with the PRK, then reset (`EVP_MAC_init` with a NULL key) for each output block. Creating a
/// context fetches the digest by name, so each avoided context saves most of a microsecond.
enum HKDFEngine {
    /// PRK = HMAC-Hash(salt, IKM); an empty salt means HashLen zero bytes.
    static func extract(
        digest: DigestAlgorithm, salt: UnsafeRawBufferPointer, inputKeyMaterial: UnsafeRawBufferPointer
    ) -> SecureBytes {
        withExtracted(digest: digest, salt: salt, inputKeyMaterial: inputKeyMaterial) { prk, _ in prk }
    }

    /// Extract then expand on one context.
    static func derive(
        digest: DigestAlgorithm, salt: UnsafeRawBufferPointer, inputKeyMaterial: UnsafeRawBufferPointer,
        info: UnsafeRawBufferPointer, count: Int
    ) -> SecureBytes {
        withExtracted(digest: digest, salt: salt, inputKeyMaterial: inputKeyMaterial) { prk, context in
            prk.withUnsafeBytes { rekey(context, $0) }
            return expand(context, digest: digest, info: info, count: count)
        }
    }

    /// OKM = T(1) | T(2) | ... truncated to `count`, with T(i) = HMAC-Hash(PRK, T(i-1) | info | i).
    /// The caller has checked 0 < count <= 255 * HashLen.
    static func expand(
        digest: DigestAlgorithm, pseudoRandomKey: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer, count: Int
    ) -> SecureBytes {
        let context = MACTemplate.newKeyedContext(digest: digest, key: pseudoRandomKey)
        defer { EVP_MAC_CTX_free(context) }
        return expand(context, digest: digest, info: info, count: count)
    }

    private static func withExtracted(
        digest: DigestAlgorithm, salt: UnsafeRawBufferPointer, inputKeyMaterial: UnsafeRawBufferPointer,
        _ body: (SecureBytes, OpaquePointer) -> SecureBytes
    ) -> SecureBytes {
        let zeros = [UInt8](repeating: 0, count: digest.byteCount)
        return zeros.withUnsafeBytes { zeroSalt in
            let context = MACTemplate.newKeyedContext(digest: digest, key: salt.isEmpty ? zeroSalt : salt)
            defer { EVP_MAC_CTX_free(context) }
            MACTemplate.update(context, inputKeyMaterial)
            let prk = SecureBytes(unsafeUninitializedCount: digest.byteCount) { MACTemplate.final(context, into: $0) }
            return body(prk, context)
        }
    }

    /// Keys an existing context whose digest is already set.
    private static func rekey(_ context: OpaquePointer, _ key: UnsafeRawBufferPointer) {
        guard EVP_MAC_init(context, key.baseAddress?.assumingMemoryBound(to: UInt8.self), key.count, nil) == 1 else {
            fatalError("\(CryptoError.backend("EVP_MAC_init failed"))")
        }
    }

    /// Expands with `context`, which is keyed with the PRK and not yet used.
    static func expand(
        _ context: OpaquePointer, digest: DigestAlgorithm, info: UnsafeRawBufferPointer, count: Int
    ) -> SecureBytes {
        let hashLength = digest.byteCount
        // T(i-1) is secret output; it lives in a SecureBytes so it is wiped afterwards.
        let block = SecureBytes(unsafeUninitializedCount: hashLength) { _ in }
        return SecureBytes(unsafeUninitializedCount: count) { output in
            block.withUnsafeBytes { previous in
                var offset = 0
                var counter: UInt8 = 1
                while offset < count {
                    if counter > 1 {
                        // A NULL key returns the context to its freshly keyed state.
                        guard EVP_MAC_init(context, nil, 0, nil) == 1 else {
                            fatalError("\(CryptoError.backend("EVP_MAC_init failed"))")
                        }
                        MACTemplate.update(context, previous)
                    }
                    MACTemplate.update(context, info)
                    withUnsafeBytes(of: counter) { MACTemplate.update(context, $0) }
                    MACTemplate.final(context, into: UnsafeMutableRawBufferPointer(mutating: previous))
                    let take = min(hashLength, count - offset)
                    output.baseAddress!.advanced(by: offset).copyMemory(from: previous.baseAddress!, byteCount: take)
                    offset += take
                    counter &+= 1
                }
            }
        }
    }
}
