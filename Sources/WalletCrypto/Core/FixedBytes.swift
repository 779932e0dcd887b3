/// Up to 64 public bytes stored inline, so digests and MACs cost no heap allocation.
///
/// A 64-byte result in an array costs an allocation of about a third of an 8-byte HMAC-SHA-1; TOTP
/// verification computes many of them.
@usableFromInline
struct FixedBytes: Sendable, Hashable {
    static let capacity = 64

    @usableFromInline var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
        0, 0, 0, 0, 0, 0, 0, 0
    )
    @usableFromInline let count: Int

    /// Lets `initializer` write exactly `count` (at most 64) bytes.
    init(count: Int, initializingWith initializer: (UnsafeMutableRawBufferPointer) -> Void) {
        precondition(count <= FixedBytes.capacity)
        self.count = count
        withUnsafeMutableBytes(of: &storage) { initializer(UnsafeMutableRawBufferPointer(rebasing: $0[..<count])) }
    }

    // Inlinable so a caller reading a code or digest in place pays no call or copy.
    @inlinable
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: storage) { try body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }

    var array: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Constant-time: only the lengths affect the time taken.
    @usableFromInline
    static func == (lhs: FixedBytes, rhs: FixedBytes) -> Bool {
        lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in ConstantTime.equals(a, b) } }
    }

    @usableFromInline
    func hash(into hasher: inout Hasher) { withUnsafeBytes { hasher.combine(bytes: $0) } }
}
