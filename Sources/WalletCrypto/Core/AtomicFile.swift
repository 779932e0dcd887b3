import Glibc

/// Crash-safe file replacement: write a temporary file beside the target, fsync it, rename it
/// over the target, then fsync the folder.
///
/// Security contract: a reader sees either the old file or the complete new one, never a torn
/// write, even if the process or machine dies midway. New files are created with mode 0600
/// (owner read/write only), because they usually hold key material. It does not lock against
/// concurrent writers: the last rename wins.
package enum AtomicFile {
    /// Replaces the file at `path` with `bytes`. Throws `.backendFailure` naming the failed step.
    package static func write(_ bytes: [UInt8], to path: String) throws(CryptoError) {
        let folder = parentFolder(of: path)
        let temporary = "\(path).tmp-\(Hex.encode(SecureRandom.bytes(count: 8)))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("create", temporary) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let error = failure("write", temporary)
                close(descriptor)
                unlink(temporary)
                throw error
            }
            written += result
        }
        let synced = fsync(descriptor) == 0
        let syncError = failure("fsync", temporary)
        guard close(descriptor) == 0, synced else {
            unlink(temporary)
            throw syncError
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("rename to", path)
            unlink(temporary)
            throw error
        }
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folderDescriptor >= 0 else { throw failure("open folder", folder) }
        defer { close(folderDescriptor) }
        guard fsync(folderDescriptor) == 0 else { throw failure("fsync folder", folder) }
    }

    /// Reads a whole file of at most `limit` bytes. Throws `.invalidEncoding` for a larger file.
    package static func read(_ path: String, limit: Int = 1 << 20) throws(CryptoError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open", path) }
        defer { close(descriptor) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("read", path) }
            if count == 0 { return output }
            output += chunk[..<count]
            guard output.count <= limit else {
                throw CryptoError(.invalidEncoding, "\(path) is larger than \(limit) bytes")
            }
        }
    }

    private static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func failure(_ step: String, _ path: String) -> CryptoError {
        CryptoError(.backendFailure, "\(step) \(path) failed: \(String(cString: strerror(errno)))")
    }
}
