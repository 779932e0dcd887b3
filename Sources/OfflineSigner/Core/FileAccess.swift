import Foundation
import WalletCrypto

/// Reading inputs and writing outputs with the signer's error codes: inputs are size-limited,
/// outputs appear atomically (temporary file, fsync, rename, fsync of the folder) or not at all.
///
/// Security contract: a failed write leaves no partial output file; outputs have mode 0600.
public enum FileAccess {
    /// Reads the whole file at `path`, at most `limit` bytes; errors are `.invalidFile`.
    public static func read(_ path: String, what: String, limit: Int = 1 << 20) throws(SignerError) -> [UInt8] {
        do {
            return try AtomicFile.read(path, limit: limit)
        } catch {
            throw SignerError(.invalidFile, "cannot read the \(what) \(path): \(error.reason)")
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
