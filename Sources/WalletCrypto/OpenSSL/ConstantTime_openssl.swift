internal import COpenSSL

/// Comparisons whose running time does not depend on the bytes compared.
@usableFromInline
enum ConstantTime {
    /// True when both buffers have the same length and bytes. Only the lengths affect timing.
    @usableFromInline
    static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress, !a.isEmpty else { return true }
        return CRYPTO_memcmp(pa, pb, a.count) == 0
    }
}
