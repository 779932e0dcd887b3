internal import COpenSSL

/// HKDF (RFC 5869) as its two HMAC steps on one `EVP_MAC_CTX`, re-keyed for each step.
///
/// `EVP_KDF_CTX_dup` fails for HKDF in OpenSSL 3.0, and RFC 5869 defines HKDF as exactly these
/// steps. Creating an HMAC context fetches its digest by name (~0.7 µs), so one derivation (or one
/// HPKE setup, eight HMAC keys in a row) creates one context and re-keys it (~0.2 µs each); each
/// output block after the first resets it with a NULL key. The context is freed, and cleansed by
/// OpenSSL, with the session; it never outlives the operation.
final class HKDFSession {
    let digest: DigestAlgorithm
    /// Made by the first step with that step's key, so no step pays for keying twice.
    private var keyedContext: OpaquePointer?

    init(digest: DigestAlgorithm) {
        self.digest = digest
    }

    deinit { if let keyedContext { EVP_MAC_CTX_free(keyedContext) } }

    /// The context, valid after the first `rekey`.
    private var context: OpaquePointer { keyedContext! }

    /// HKDF-Extract(salt, IKM); an empty salt means HashLen zeros.
    func extract(salt: UnsafeRawBufferPointer, inputKeyMaterial: UnsafeRawBufferPointer) -> SecureBytes {
        let zeros = [UInt8](repeating: 0, count: digest.byteCount)
        zeros.withUnsafeBytes { rekey(salt.isEmpty ? $0 : salt) }
        MACTemplate.update(context, inputKeyMaterial)
        return SecureBytes(unsafeUninitializedCount: digest.byteCount) { MACTemplate.final(context, into: $0) }
    }

    /// HKDF-Expand(PRK, info, L); the caller has checked L.
    func expand(pseudoRandomKey: SecureBytes, info: UnsafeRawBufferPointer, count: Int) -> SecureBytes {
        pseudoRandomKey.withUnsafeBytes { rekey($0) }
        return expand(info: info, count: count)
    }

    /// Extract then expand, the PRK never leaving the session.
    func derive(
        salt: UnsafeRawBufferPointer, inputKeyMaterial: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer, count: Int
    )
        -> SecureBytes
    {
        expand(pseudoRandomKey: extract(salt: salt, inputKeyMaterial: inputKeyMaterial), info: info, count: count)
    }

    private func rekey(_ key: UnsafeRawBufferPointer) {
        guard let keyedContext else {
            keyedContext = MACTemplate.newKeyedContext(digest: digest, key: key)
            return
        }
        // A zero-length key still needs a non-NULL pointer: NULL means "keep the current key".
        var empty: UInt8 = 0
        let ok = withUnsafeMutablePointer(to: &empty) { emptyPointer in
            let pointer = key.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptyPointer)
            return EVP_MAC_init(keyedContext, pointer, key.count, nil) == 1
        }
        guard ok else { fatalError("\(CryptoError.backend("EVP_MAC_init failed"))") }
    }

    /// Expands with `context`, which is keyed with the PRK and not yet used.
    private func expand(info: UnsafeRawBufferPointer, count: Int) -> SecureBytes {
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
