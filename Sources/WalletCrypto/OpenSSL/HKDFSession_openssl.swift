internal import COpenSSL

/// A run of HKDF steps (RFC 5869) on one `EVP_MAC_CTX`, re-keyed for each step.
///
/// Creating an HMAC context fetches its digest by name (~0.7 µs); an HPKE setup needs eight HMAC
/// keys in a row, so it creates one context and re-keys it (~0.2 µs each). The context is freed,
/// and cleansed by OpenSSL, with the session; it never outlives the operation.
final class HKDFSession {
    let digest: DigestAlgorithm
    private let context: OpaquePointer

    init(digest: DigestAlgorithm) {
        self.digest = digest
        context = MACTemplate.newKeyedContext(digest: digest, key: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    deinit { EVP_MAC_CTX_free(context) }

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
        return HKDFEngine.expand(context, digest: digest, info: info, count: count)
    }

    private func rekey(_ key: UnsafeRawBufferPointer) {
        // A zero-length key still needs a non-NULL pointer: NULL means "keep the current key".
        var empty: UInt8 = 0
        let ok = withUnsafeMutablePointer(to: &empty) { emptyPointer in
            let pointer = key.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptyPointer)
            return EVP_MAC_init(context, pointer, key.count, nil) == 1
        }
        guard ok else { fatalError("\(CryptoError.backend("EVP_MAC_init failed"))") }
    }
}
