/// Reuse of caller-owned output arrays, so hot paths can run without allocating.
@usableFromInline
enum OutputBuffer {
    /// Makes `buffer` exactly `count` bytes long, keeping its storage when it already is.
    @inlinable
    static func resize(_ buffer: inout [UInt8], to count: Int) {
        guard buffer.count != count else { return }
        if buffer.count > count {
            buffer.removeLast(buffer.count - count)
        } else {
            buffer.append(contentsOf: repeatElement(0, count: count - buffer.count))
        }
    }
}
