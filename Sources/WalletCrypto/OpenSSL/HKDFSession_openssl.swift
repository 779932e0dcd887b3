internal import COpenSSL

/// HKDF (RFC 5869) as its two HMAC steps on one `EVP_MAC_CTX`, re-keyed for each step.
///
/// `EVP_KDF_CTX_dup` fails for HKDF in OpenSSL 3.0, and RFC 5869 defines HKDF as exactly these
/// steps. One derivation (or one HPKE setup, eight HMAC keys in a row) duplicates the digest's
/// unkeyed HMAC prototype once and re-keys that context (~0.2 µs each); each output block after
/// the first resets it with a NULL key. The context is freed, and cleansed by OpenSSL, with the
/// session; it never outlives the operation.
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

    /// HashLen zero bytes, the salt that an empty salt stands for (the largest HashLen is 64).
    private static let zeros = [UInt8](repeating: 0, count: 64)

    /// HKDF-Extract(salt, IKM); an empty salt means HashLen zeros.
    func extract(salt: UnsafeRawBufferPointer, inputKeyMaterial: UnsafeRawBufferPointer) -> SecureBytes {
        SecureBytes(unsafeUninitializedCount: digest.byteCount) { output in
            extract(salt: salt, into: output) { $0(inputKeyMaterial) }
        }
    }

    /// HKDF-Extract into `output` (HashLen bytes), with the IKM given in pieces: `inputKeyMaterial`
    /// passes each piece to its argument in order. The pieces are MACed where they lie, so a
    /// labeled IKM (RFC 9180) is never copied together into one buffer.
    func extract(
        salt: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
        inputKeyMaterial: ((UnsafeRawBufferPointer) -> Void) -> Void
    ) {
        if salt.isEmpty {
            Self.zeros.withUnsafeBytes { rekey(UnsafeRawBufferPointer(rebasing: $0[..<digest.byteCount])) }
        } else {
            rekey(salt)
        }
        inputKeyMaterial { MACTemplate.update(context, $0) }
        MACTemplate.final(context, into: output)
    }

    /// HKDF-Expand(PRK, info, L); the caller has checked L.
    func expand(pseudoRandomKey: SecureBytes, info: UnsafeRawBufferPointer, count: Int) -> SecureBytes {
        SecureBytes(unsafeUninitializedCount: count) { expand(pseudoRandomKey: pseudoRandomKey, info: info, into: $0) }
    }

    /// HKDF-Expand(PRK, info, L) into `output`, L = `output.count`; the caller has checked L.
    func expand(pseudoRandomKey: SecureBytes, info: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
    {
        pseudoRandomKey.withUnsafeBytes { rekey($0) }
        expand(info: info, into: output)
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
    ///
    /// Each whole block T(i) goes straight into `output`, where the next block reads it back; only
    /// a final partial block passes through a stack buffer, which is wiped afterwards.
    private func expand(info: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        let hashLength = digest.byteCount
        var offset = 0
        var counter: UInt8 = 1
        while offset < output.count {
            if counter > 1 {
                // A NULL key returns the context to its freshly keyed state.
                guard EVP_MAC_init(context, nil, 0, nil) == 1 else {
                    fatalError("\(CryptoError.backend("EVP_MAC_init failed"))")
                }
                MACTemplate.update(context, UnsafeRawBufferPointer(rebasing: output[(offset - hashLength)..<offset]))
            }
            MACTemplate.update(context, info)
            withUnsafeBytes(of: counter) { MACTemplate.update(context, $0) }
            let take = min(hashLength, output.count - offset)
            if take == hashLength {
                MACTemplate.final(
                    context, into: UnsafeMutableRawBufferPointer(rebasing: output[offset..<(offset + take)]))
            } else {
                withUnsafeTemporaryAllocation(byteCount: hashLength, alignment: 1) { block in
                    MACTemplate.final(context, into: block)
                    output.baseAddress!.advanced(by: offset).copyMemory(from: block.baseAddress!, byteCount: take)
                    SecureMemory.cleanse(block.baseAddress!, count: hashLength)
                }
            }
            offset += take
            counter &+= 1
        }
    }
}
