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
public enum FileAccess {
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
    public static func read(_ path: String, what: String, limit: Int = 1 << 20) throws(SignerError) -> [UInt8] {
        let (descriptor, size) = try openRegular(path, what: what)
        defer { close(descriptor) }
        guard size <= UInt64(limit) else {
            throw SignerError(.invalidFile, "the \(what) \(path) is larger than \(limit) bytes")
        }
        var bytes = [UInt8]()
        try readAll(descriptor, into: &bytes, limit: limit, path: path, what: what) { _ in }
        return bytes
    }

    /// Appends everything readable from `descriptor` to `bytes`, refusing more than `limit` bytes
    /// (the file may grow after `fstat`), calling `progress` with the bytes read so far.
    static func readAll(
        _ descriptor: Int32, into bytes: inout [UInt8], limit: Int, path: String, what: String,
        progress: (Int) -> Void
    ) throws(SignerError) {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw SignerError(.invalidFile, "cannot read the \(what) \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return }
            guard bytes.count + count <= limit else {
                throw SignerError(.invalidFile, "the \(what) \(path) is larger than \(limit) bytes")
            }
            bytes.append(contentsOf: chunk[..<count])
            progress(bytes.count)
        }
    }

    /// Replaces the file at `path` atomically; errors are `.ioFailure`.
    public static func write(_ bytes: [UInt8], to path: String, what: String) throws(SignerError) {
        do {
            try AtomicFile.write(bytes, to: path)
        } catch {
            throw SignerError(.ioFailure, "cannot write the \(what) \(path): \(error.reason)")
        }
    }

    /// Whether something exists at `path`.
    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
