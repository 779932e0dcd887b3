import Foundation

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

    /// A new `Data` of `count` bytes written by `body`, without zero-filling it first (a 1 MiB
    /// memset costs about a tenth of sealing 1 MiB). When `body` throws, the bytes are wiped before
    /// the memory is freed, since a failed decryption may have written plaintext.
    @usableFromInline
    static func data(count: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> Void) throws -> Data {
        guard count > 0 else {
            try body(UnsafeMutableRawBufferPointer(start: nil, count: 0))
            return Data()
        }
        guard let memory = malloc(count) else { fatalError("out of memory") }
        do {
            try body(UnsafeMutableRawBufferPointer(start: memory, count: count))
        } catch {
            SecureMemory.cleanse(memory, count: count)
            free(memory)
            throw error
        }
        return Data(bytesNoCopy: memory, count: count, deallocator: .free)
    }
}
