internal import COpenSSL

/// HKDF (RFC 5869) as its two HMAC steps on OpenSSL's HMAC.
///
/// `EVP_KDF_CTX_dup` fails for HKDF in OpenSSL 3.0, and the two-step form on duplicated keyed
/// contexts measured 1.39x faster than `EVP_KDF` "HKDF". RFC 5869 defines HKDF as exactly these steps.
enum HKDFEngine {
    /// PRK = HMAC-Hash(salt, IKM); an empty salt means HashLen zero bytes.
    static func extract(
        digest: DigestAlgorithm, salt: UnsafeRawBufferPointer, inputKeyMaterial: UnsafeRawBufferPointer
    ) -> SecureBytes {
        let zeros = [UInt8](repeating: 0, count: digest.byteCount)
        return zeros.withUnsafeBytes { zeroSalt in
            let context = MACTemplate.newKeyedContext(digest: digest, key: salt.isEmpty ? zeroSalt : salt)
            defer { EVP_MAC_CTX_free(context) }
            MACTemplate.update(context, inputKeyMaterial)
            return SecureBytes(unsafeUninitializedCount: digest.byteCount) {
                MACTemplate.final(context, into: $0)
            }
        }
    }

    /// OKM = T(1) | T(2) | ... truncated to `count`, with T(i) = HMAC-Hash(PRK, T(i-1) | info | i).
    /// The caller has checked 0 < count <= 255 * HashLen.
    static func expand(
        digest: DigestAlgorithm, pseudoRandomKey: UnsafeRawBufferPointer, info: UnsafeRawBufferPointer, count: Int
    ) -> SecureBytes {
        let hashLength = digest.byteCount
        let keyed = MACTemplate.newKeyedContext(digest: digest, key: pseudoRandomKey)
        defer { EVP_MAC_CTX_free(keyed) }
        // T(i-1) is secret output; it lives in a SecureBytes so it is wiped afterwards.
        let block = SecureBytes(unsafeUninitializedCount: hashLength) { _ in }
        return SecureBytes(unsafeUninitializedCount: count) { output in
            block.withUnsafeBytes { previous in
                let previousMutable = UnsafeMutableRawBufferPointer(mutating: previous)
                var offset = 0
                var counter: UInt8 = 1
                while offset < count {
                    guard let context = EVP_MAC_CTX_dup(keyed) else { fatalError("EVP_MAC_CTX_dup: out of memory") }
                    if counter > 1 { MACTemplate.update(context, previous) }
                    MACTemplate.update(context, info)
                    withUnsafeBytes(of: counter) { MACTemplate.update(context, $0) }
                    MACTemplate.final(context, into: previousMutable)
                    EVP_MAC_CTX_free(context)
                    let take = min(hashLength, count - offset)
                    output.baseAddress!.advanced(by: offset).copyMemory(from: previous.baseAddress!, byteCount: take)
                    offset += take
                    counter &+= 1
                }
            }
        }
    }
}
