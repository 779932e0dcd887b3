import Foundation

/// An `InputStream` over bytes the caller keeps alive, read without copying them first
/// (`InputStream(data:)` copies the whole payload, which would double the decoder's memory).
///
/// Only valid while the buffer it was made from is; `Pain001Decoder` uses it inside the call that
/// lends the buffer and drops it before returning.
final class BufferInputStream: InputStream {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        super.init(data: Data())
    }

    override func open() {}

    override func close() {}

    override var hasBytesAvailable: Bool { offset < bytes.count }

    override var streamStatus: Stream.Status { offset < bytes.count ? .open : .atEnd }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength length: Int) -> Int {
        let count = min(length, bytes.count - offset)
        guard count > 0 else { return 0 }
        UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + offset, byteCount: count)
        offset += count
        return count
    }
}
