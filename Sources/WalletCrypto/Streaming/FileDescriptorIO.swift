import Foundation
import Glibc

/// Unbuffered reads and writes on a `FileHandle`'s descriptor into reused buffers, and the
/// temporary-file-then-rename pattern for outputs that must appear only when complete.
enum FileDescriptorIO {
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(CryptoError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw failure("read") }
        }
    }

    static func write(_ handle: FileHandle, _ bytes: UnsafeRawBufferPointer) throws(CryptoError) {
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(handle.fileDescriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw failure("write") }
            written += count
        }
    }

    /// Runs `body` from `inputPath` into a new temporary file beside `outputPath` (mode 0600), then
    /// fsyncs it and renames it over `outputPath`. On any error the temporary file is removed.
    static func transform(_ inputPath: String, _ outputPath: String, _ body: (FileHandle, FileHandle) throws -> Void)
        throws
    {
        guard let input = FileHandle(forReadingAtPath: inputPath) else {
            throw CryptoError(.invalidParameter, "cannot open \(inputPath) for reading")
        }
        defer { try? input.close() }
        let temporary = "\(outputPath).tmp-\(Hex.encode(SecureRandom.bytes(count: 8)))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("create \(temporary)") }
        let output = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try body(input, output)
            guard fsync(descriptor) == 0 else { throw failure("fsync \(temporary)") }
            try output.close()
            guard rename(temporary, outputPath) == 0 else { throw failure("rename to \(outputPath)") }
        } catch {
            try? output.close()
            unlink(temporary)
            throw error
        }
    }

    private static func failure(_ what: String) -> CryptoError {
        CryptoError(.backendFailure, "\(what) failed: \(String(cString: strerror(errno)))")
    }
}
