/// Output chunks gathered into one buffer and written together, about `readByteCount` at a time.
///
/// A file written in 64 KiB pieces lands in the page cache in small folios and later reads back at
/// half the speed of one written in 1 MiB pieces (measured with dd: 8-10 GB/s against 14-19 GB/s),
/// and each write is a system call.
struct StreamBatch {
    private let buffer: UnsafeMutableRawBufferPointer
    private var pending = 0

    init(_ buffer: UnsafeMutableRawBufferPointer) { self.buffer = buffer }

    /// Lends the next `count` bytes of the batch to `fill`, first writing out what is pending if
    /// they do not fit, and writes everything out when `flush` is set.
    mutating func append(
        _ count: Int, flush: Bool, write: (UnsafeRawBufferPointer) throws -> Void,
        _ fill: (UnsafeMutableRawBufferPointer) throws -> Void
    ) throws {
        if pending + count > buffer.count { try writeOut(write) }
        try fill(UnsafeMutableRawBufferPointer(rebasing: buffer[pending..<(pending + count)]))
        pending += count
        if flush { try writeOut(write) }
    }

    private mutating func writeOut(_ write: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard pending > 0 else { return }
        try write(UnsafeRawBufferPointer(rebasing: buffer[..<pending]))
        pending = 0
    }
}
