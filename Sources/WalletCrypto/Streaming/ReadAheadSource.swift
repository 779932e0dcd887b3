import Dispatch
import Glibc

/// A `StreamSource` that reads a regular file on another thread, one buffer ahead of the cipher.
///
/// Copying out of the page cache is about a fifth of the time a stream spends on a cached file;
/// done beside the cipher instead of before it, the stream runs at the speed of AES-GCM alone
/// (0.83 of it without, 0.98 with). Each hand-off moves a whole buffer of about 2 MiB.
///
/// Pipes, sockets and terminals are read on the calling thread: a read there may block for as
/// long as the peer likes, and a stream that fails must wait for the outstanding fill to finish
/// before it can free the buffer under it.
final class ReadAheadSource: StreamSource, @unchecked Sendable {
    private let descriptor: Int32
    private let readsAhead: Bool
    private let done = DispatchSemaphore(value: 0)
    // Written by the reading thread before `done` is signalled and read after the wait returns.
    private var result: Result<Int, CryptoError> = .success(0)
    private var pending: UnsafeMutableRawBufferPointer?

    init(descriptor: Int32) {
        self.descriptor = descriptor
        var status = stat()
        readsAhead = fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    func begin(_ buffer: UnsafeMutableRawBufferPointer) {
        precondition(pending == nil, "one fill at a time")
        pending = buffer
        guard readsAhead else { return }
        let target = UncheckedBuffer(buffer)
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = fill(target.buffer)
            done.signal()
        }
    }

    func end() throws -> Int {
        guard let buffer = pending else { return 0 }
        pending = nil
        guard readsAhead else { return try fill(buffer).get() }
        done.wait()
        return try result.get()
    }

    private func fill(_ buffer: UnsafeMutableRawBufferPointer) -> Result<Int, CryptoError> {
        do {
            return .success(try Self.fill(buffer) { try FileDescriptorIO.read(descriptor, into: $0) })
        } catch let error as CryptoError {
            return .failure(error)
        } catch {
            return .failure(CryptoError(.backendFailure, "read failed"))
        }
    }

    /// A buffer handed to the reading thread; the stream does not touch it until `end` returns.
    private struct UncheckedBuffer: @unchecked Sendable {
        let buffer: UnsafeMutableRawBufferPointer
        init(_ buffer: UnsafeMutableRawBufferPointer) { self.buffer = buffer }
    }
}
