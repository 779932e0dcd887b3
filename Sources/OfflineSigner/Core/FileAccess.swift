import Foundation
import Glibc
import WalletCrypto

/// Reading inputs and writing outputs with the signer's error codes: inputs must be regular files
/// and are size-limited; outputs appear atomically (temporary file, fsync, rename, fsync of the
/// folder) or not at all.
///
/// Security contract: an input that is not a regular file (a FIFO, a device, a socket) is refused
/// before anything is read, so it cannot hang the signer; a failed write leaves no partial output
/// file; outputs have mode 0600.
package enum FileAccess {
    /// Opens `path` for reading and returns its descriptor and size, refusing anything but a regular
    /// file. The open does not block (`O_NONBLOCK`), so a FIFO with no writer is refused, not waited on.
    static func openRegular(_ path: String, what: String) throws(SignerError) -> (descriptor: Int32, size: UInt64) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else {
            throw SignerError(.invalidFile, "cannot open the \(what) \(path): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw SignerError(.invalidFile, "the \(what) \(path) is not a regular file")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return (descriptor, UInt64(status.st_size))
    }

    /// Reads the whole regular file at `path`, at most `limit` bytes; errors are `.invalidFile`.
    package static func read(_ path: String, what: String, limit: Int = 1 << 20) throws(SignerError) -> [UInt8] {
        let (descriptor, size) = try openRegular(path, what: what)
        defer { close(descriptor) }
        guard size <= UInt64(limit) else {
            throw SignerError(.invalidFile, "the \(what) \(path) is larger than \(limit) bytes")
        }
        var bytes = [UInt8]()
        try readChunks(descriptor, path: path, what: what) { (chunk) throws(SignerError) in
            // The file may grow after `fstat`.
            guard bytes.count + chunk.count <= limit else {
                throw SignerError(.invalidFile, "the \(what) \(path) is larger than \(limit) bytes")
            }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// Reads `descriptor` to its end in 1 MiB pieces, handing each to `body`; the one read loop of
    /// the signer's inputs (retries on EINTR, errors are `.invalidFile`).
    static func readChunks(
        _ descriptor: Int32, path: String, what: String,
        _ body: (UnsafeRawBufferPointer) throws(SignerError) -> Void
    ) throws(SignerError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw SignerError(.invalidFile, "cannot read the \(what) \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Replaces the file at `path` atomically; errors are `.ioFailure`.
    package static func write(_ bytes: [UInt8], to path: String, what: String) throws(SignerError) {
        do {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw SignerError(.ioFailure, "cannot write the \(what) \(path): \(error.reason)")
        }
    }

    /// Whether something exists at `path`.
    package static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
