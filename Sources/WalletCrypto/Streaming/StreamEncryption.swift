import Foundation
import Glibc

/// Encryption of payloads of any size in constant memory: the `stream-v1` format
/// (`docs/spec/stream-v1.md`), the STREAM construction with AES-256-GCM.
///
/// Security contract: confidentiality and integrity of the whole payload under a 32-byte file key;
/// truncation, reordering, duplication, appended data and any modified byte are detected. A reader
/// releases early chunks before it reaches the end, so output is unverified until the call
/// returns; the file-path functions write to a temporary file and rename it into place only after
/// the last chunk verified. Use a fresh random file key per payload, or at least never reuse one
/// across senders; the per-stream salt keeps payload keys distinct.
public enum StreamEncryption {
    /// 64 KiB, the default chunk size.
    public static let defaultChunkByteCount = 1 << 16

    /// Reads plaintext from `read` until it returns 0 and writes the stream to `write`.
    /// `read` fills the buffer it is given and returns how many bytes it wrote.
    public static func encrypt(
        using fileKey: SymmetricKey, chunkByteCount: Int = defaultChunkByteCount,
        read: (UnsafeMutableRawBufferPointer) throws -> Int, write: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let header = try StreamHeader(chunkByteCount: chunkByteCount)
        let key = try header.payloadKey(fileKey)
        try header.bytes.withUnsafeBytes { try write($0) }
        var sealed = [UInt8](repeating: 0, count: chunkByteCount + AEADAlgorithm.tagByteCount)
        try forEachBlock(ofSize: chunkByteCount, read: read) { block, counter, final in
            let count = block.count + AEADAlgorithm.tagByteCount
            try sealed.withUnsafeMutableBytes { out in
                let output = UnsafeMutableRawBufferPointer(rebasing: out[..<count])
                try StreamChunk.seal(block, key: key, counter: counter, final: final, into: output)
                try write(UnsafeRawBufferPointer(output))
            }
        }
    }

    /// Reads a stream from `read` and writes the verified plaintext chunks to `write`. Throws
    /// `.invalidEncoding` for a bad header and `.authenticationFailure` for anything the
    /// chunks reveal (wrong key, tampering, truncation, reordering, appended data).
    public static func decrypt(
        using fileKey: SymmetricKey,
        read: (UnsafeMutableRawBufferPointer) throws -> Int, write: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var headerBytes = [UInt8](repeating: 0, count: StreamHeader.byteCount)
        let headerCount = try fill(&headerBytes, read: read)
        let header = try StreamHeader(parsing: Array(headerBytes[..<headerCount]))
        let key = try header.payloadKey(fileKey)
        var plaintext = [UInt8](repeating: 0, count: header.chunkByteCount)
        let sealedByteCount = header.chunkByteCount + AEADAlgorithm.tagByteCount
        try forEachBlock(ofSize: sealedByteCount, read: read) { block, counter, final in
            // Only a lone final chunk may be empty; a non-final block is always full by construction.
            guard
                block.count > AEADAlgorithm.tagByteCount || (block.count == AEADAlgorithm.tagByteCount && counter == 0)
            else { throw CryptoError.authenticationFailure }
            let count = block.count - AEADAlgorithm.tagByteCount
            try plaintext.withUnsafeMutableBytes { out in
                let output = UnsafeMutableRawBufferPointer(rebasing: out[..<count])
                try StreamChunk.open(block, key: key, counter: counter, final: final, into: output)
                try write(UnsafeRawBufferPointer(output))
            }
        }
    }

    /// Calls `body` with each block of `size` bytes (the last one 0...`size` bytes), its index and
    /// whether it is the last. Two buffers are reused, so memory stays at two blocks.
    private static func forEachBlock(
        ofSize size: Int, read: (UnsafeMutableRawBufferPointer) throws -> Int,
        _ body: (UnsafeRawBufferPointer, UInt64, Bool) throws -> Void
    ) throws {
        var current = [UInt8](repeating: 0, count: size)
        var next = [UInt8](repeating: 0, count: size)
        var currentCount = try fill(&current, read: read)
        var counter: UInt64 = 0
        while true {
            // A full block is the last only if nothing follows it.
            let nextCount = currentCount == size ? try fill(&next, read: read) : 0
            let final = nextCount == 0
            try current.withUnsafeBytes {
                try body(UnsafeRawBufferPointer(rebasing: $0[..<currentCount]), counter, final)
            }
            if final { return }
            swap(&current, &next)
            currentCount = nextCount
            counter += 1
        }
    }

    /// Fills `buffer` from `read`, which may return short counts (pipes); short only at the end.
    private static func fill(_ buffer: inout [UInt8], read: (UnsafeMutableRawBufferPointer) throws -> Int) throws
        -> Int
    {
        try buffer.withUnsafeMutableBytes { bytes in
            var filled = 0
            while filled < bytes.count {
                let count = try read(UnsafeMutableRawBufferPointer(rebasing: bytes[filled...]))
                // A negative count is a read error, never the end of the input: treating it as the
                // end would silently truncate an encrypted stream.
                guard count >= 0, count <= bytes.count - filled else {
                    throw CryptoError(.invalidParameter, "the read callback returned \(count)")
                }
                guard count > 0 else { break }
                filled += count
            }
            return filled
        }
    }

    /// Encrypts everything readable from `input` into `output` (files, pipes, sockets).
    public static func encrypt(
        _ input: FileHandle, to output: FileHandle, using fileKey: SymmetricKey,
        chunkByteCount: Int = defaultChunkByteCount
    ) throws {
        try encrypt(
            using: fileKey, chunkByteCount: chunkByteCount, read: { try FileDescriptorIO.read(input, into: $0) },
            write: { try FileDescriptorIO.write(output, $0) })
    }

    /// Decrypts everything readable from `input` into `output`. Output written before an error is
    /// unverified and must be discarded by the caller.
    public static func decrypt(_ input: FileHandle, to output: FileHandle, using fileKey: SymmetricKey) throws {
        try decrypt(
            using: fileKey, read: { try FileDescriptorIO.read(input, into: $0) },
            write: { try FileDescriptorIO.write(output, $0) })
    }

    /// Encrypts the file at `inputPath` into `outputPath`, which appears only when complete.
    public static func encryptFile(
        at inputPath: String, to outputPath: String, using fileKey: SymmetricKey,
        chunkByteCount: Int = defaultChunkByteCount
    ) throws {
        try FileDescriptorIO.transform(inputPath, outputPath) { input, output in
            try encrypt(input, to: output, using: fileKey, chunkByteCount: chunkByteCount)
        }
    }

    /// Decrypts the file at `inputPath` into `outputPath`, which appears only if every chunk verified.
    public static func decryptFile(at inputPath: String, to outputPath: String, using fileKey: SymmetricKey) throws {
        try FileDescriptorIO.transform(inputPath, outputPath) { input, output in
            try decrypt(input, to: output, using: fileKey)
        }
    }

    /// Encrypts an in-memory payload.
    public static func encrypt(
        _ plaintext: some DataProtocol, using fileKey: SymmetricKey, chunkByteCount: Int = defaultChunkByteCount
    ) throws -> [UInt8] {
        var source = Array(plaintext)[...]
        var output: [UInt8] = []
        try encrypt(
            using: fileKey, chunkByteCount: chunkByteCount, read: { Self.take(&source, into: $0) },
            write: { output += $0 })
        return output
    }

    /// Decrypts an in-memory stream; nothing is returned unless the whole stream verified.
    public static func decrypt(_ stream: some DataProtocol, using fileKey: SymmetricKey) throws -> [UInt8] {
        var source = Array(stream)[...]
        var output: [UInt8] = []
        try decrypt(using: fileKey, read: { Self.take(&source, into: $0) }, write: { output += $0 })
        return output
    }

    private static func take(_ source: inout ArraySlice<UInt8>, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, source.count)
        guard count > 0 else { return 0 }
        source.prefix(count).withUnsafeBytes { buffer.copyMemory(from: $0) }
        source = source.dropFirst(count)
        return count
    }
}
