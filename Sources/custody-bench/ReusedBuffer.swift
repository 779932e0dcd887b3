/// An output array that a benchmark closure reuses across calls.
///
/// A `var` captured by an escaping closure is boxed and every `inout` access to it is checked for
/// exclusivity at run time, a cost that a caller's local buffer does not have. The pointer keeps that
/// harness cost out of the WalletCrypto side of the comparison.
final class ReusedBuffer {
    let bytes: UnsafeMutablePointer<[UInt8]>

    init() {
        bytes = .allocate(capacity: 1)
        bytes.initialize(to: [])
    }

    deinit {
        bytes.deinitialize(count: 1)
        bytes.deallocate()
    }
}
