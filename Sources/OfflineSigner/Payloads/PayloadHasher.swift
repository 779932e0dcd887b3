import Foundation
import Glibc
import WalletCrypto

/// SHA-256 of payload files, read in 1 MiB pieces so any size hashes in constant memory.
///
/// Security contract: the hash is of the bytes read; a file changed between hashing and use is
/// not detected here, which is why `sign` hashes the payloads itself right before signing.
package enum PayloadHasher {
    /// Hashes the file at `path`, calling `progress` with bytes done and the total.
    package static func hash(_ path: String, progress: (UInt64, UInt64) -> Void = { _, _ in }) throws(SignerError)
        -> (sha256: [UInt8], byteCount: UInt64)
    {
        let (sha256, _, byteCount) = try hash(path, blake2b: false, progress: progress)
        return (sha256, byteCount)
    }

    /// SHA-256 and, when asked, BLAKE2b-512 of the same bytes in one pass, so both describe the same
    /// file even if it changes on disk while it is read.
    static func hash(_ path: String, blake2b: Bool, progress: (UInt64, UInt64) -> Void) throws(SignerError)
        -> (sha256: [UInt8], blake2b: Digest?, byteCount: UInt64)
    {
        let (descriptor, total) = try FileAccess.openRegular(path, what: "payload")
        defer { close(descriptor) }
        var hasher = SHA256()
        var blake = blake2b ? BLAKE2b512() : nil
        var done: UInt64 = 0
        try FileAccess.readChunks(descriptor, path: path, what: "payload") { chunk in
            hasher.update(bufferPointer: chunk)
            blake?.update(bufferPointer: chunk)
            done += UInt64(chunk.count)
            progress(done, max(total, done))
        }
        return (hasher.finalize().bytes, blake?.finalize(), done)
    }

    /// A request's opaque payload entry for the file at `path`, named by its last path component.
    package static func payload(_ path: String, progress: (UInt64, UInt64) -> Void = { _, _ in }) throws(SignerError)
        -> SigningRequest.Payload
    {
        let (sha256, byteCount) = try hash(path, progress: progress)
        return try SigningRequest.Payload(
            checking: URL(fileURLWithPath: path).lastPathComponent, byteCount: byteCount, sha256: sha256)
    }
}
