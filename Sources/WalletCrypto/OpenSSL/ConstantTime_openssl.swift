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

    /// Whether the big-endian secret `value` is in 1...`bound`−1, for equal-length inputs, without
    /// branching on the bytes: the borrow of value − bound and an OR of all bytes decide.
    static func isNonZeroAndBelow(_ value: UnsafeRawBufferPointer, _ bound: [UInt8]) -> Bool {
        guard value.count == bound.count else { return false }
        var borrow: UInt16 = 0
        var any: UInt8 = 0
        for index in stride(from: value.count - 1, through: 0, by: -1) {
            let difference = UInt16(value[index]) &- UInt16(bound[index]) &- borrow
            borrow = (difference >> 8) & 1
            any |= value[index]
        }
        return (borrow == 1) && any != 0
    }
}
