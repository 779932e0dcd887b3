import Glibc

/// The file a service appends its signed checkpoints to: each signed note followed by one blank
/// line, appended in one `write` and fsynced before the call returns.
///
/// Security contract: append-only by this library, created with mode 0600. It is evidence only if
/// the database's writer cannot also rewrite it: keep it on another volume or ship it elsewhere.
/// A crash can leave the last note torn; `read` ignores a torn last note and nothing else.
public enum CheckpointFile {
    /// Appends `signedNote` and a blank line, then fsyncs (and fsyncs the folder when the file is new).
    /// Throws `CryptoError`.
    public static func append(_ signedNote: String, to path: String) throws {
        let created = access(path, F_OK) != 0
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("open", path) }
        defer { close(descriptor) }
        let bytes = Array((signedNote + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw failure("write", path) }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw failure("fsync", path) }
        if created {
            let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
            let folderDescriptor = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard folderDescriptor >= 0 else { throw failure("open folder of", path) }
            defer { close(folderDescriptor) }
            guard fsync(folderDescriptor) == 0 else { throw failure("fsync folder of", path) }
        }
    }

    /// The signed notes in the file, in order, without checking them; a missing file has none.
    /// Throws `CryptoError` `.invalidEncoding` for a file that is not a sequence of notes (other than a torn last one).
    public static func read(_ path: String) throws -> [String] {
        guard access(path, F_OK) == 0 else { return [] }
        let bytes = try AtomicFile.read(path, limit: 256 << 20)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CryptoError(.invalidEncoding, "the checkpoint file is not UTF-8")
        }
        var notes: [String] = []
        var current: [Substring] = []
        var inSignatures = false
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let isLast = index == lines.count - 1
            if isLast { break }  // the text after the final newline: empty, or a torn note
            if line.isEmpty {
                if inSignatures {
                    notes.append(current.joined(separator: "\n") + "\n")
                    current = []
                    inSignatures = false
                } else {
                    guard !current.isEmpty else {
                        throw CryptoError(.invalidEncoding, "the checkpoint file has an empty note")
                    }
                    current.append(line)
                    inSignatures = true
                }
            } else {
                current.append(line)
            }
        }
        return notes
    }

    private static func failure(_ step: String, _ path: String) -> CryptoError {
        CryptoError(.backendFailure, "\(step) \(path) failed: \(String(cString: strerror(errno)))")
    }
}
