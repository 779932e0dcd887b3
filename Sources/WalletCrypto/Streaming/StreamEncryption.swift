import Foundation
import Glibc

/// Encryption of payloads of any size in constant memory: the `stream-v1` format
/// (`docs/spec/stream-v1.md`), the STREAM construction with AES-256-GCM, or with SM4-GCM and
/// HKDF-SM3 in the ShangMi profile. Every function takes the profile to write or to require
/// (`.standard` by default); a reader refuses a stream of the other profile (`.invalidParameter`).
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
    /// Throws `CryptoError`.
    public static func encrypt(
        using fileKey: SymmetricKey, chunkByteCount: Int = defaultChunkByteCount, profile: AlgorithmProfile = .standard,
        read: (UnsafeMutableRawBufferPointer) throws -> Int, write: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try withoutActuallyEscaping(read) { read in
            var source = CallbackSource(read)
            try encrypt(using: fileKey, chunkByteCount: chunkByteCount, profile: profile, source: &source, write: write)
        }
    }

    /// Reads a stream from `read` and writes the verified plaintext chunks to `write`. Throws
    /// `.invalidEncoding` for a bad header and `.authenticationFailure` for anything the
    /// chunks reveal (wrong key, tampering, truncation, reordering, appended data).
    /// Throws `CryptoError`.
    public static func decrypt(
        using fileKey: SymmetricKey, profile: AlgorithmProfile = .standard,
        read: (UnsafeMutableRawBufferPointer) throws -> Int, write: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try withoutActuallyEscaping(read) { read in
            var source = CallbackSource(read)
            try decrypt(using: fileKey, profile: profile, source: &source, write: write)
        }
    }

    private static func encrypt(
        using fileKey: SymmetricKey, chunkByteCount: Int, profile: AlgorithmProfile, source: inout some StreamSource,
        write: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let header = try StreamHeader(chunkByteCount: chunkByteCount, profile: profile)
        let key = try header.payloadKey(fileKey)
        try header.bytes.withUnsafeBytes { try write($0) }
        let sealedByteCount = chunkByteCount + AEADAlgorithm.tagByteCount
        try withBatch(of: sealedByteCount, perRead: chunkByteCount) { batch in
            try forEachBlock(ofSize: chunkByteCount, source: &source) { block, counter, final in
                try batch.append(block.count + AEADAlgorithm.tagByteCount, flush: final, write: write) { output in
                    try StreamChunk.seal(
                        header.algorithm, block, key: key, counter: counter, final: final, into: output)
                }
            }
        }
    }

    private static func decrypt(
        using fileKey: SymmetricKey, profile: AlgorithmProfile, source: inout some StreamSource,
        write: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var headerBytes = [UInt8](repeating: 0, count: StreamHeader.byteCount)
        let headerCount = try headerBytes.withUnsafeMutableBytes {
            source.begin($0)
            return try source.end()
        }
        let header = try StreamHeader(parsing: Array(headerBytes[..<headerCount]))
        try header.check(profile)
        let key = try header.payloadKey(fileKey)
        let sealedByteCount = header.chunkByteCount + AEADAlgorithm.tagByteCount
        try withBatch(of: header.chunkByteCount, perRead: sealedByteCount) { batch in
            try forEachBlock(ofSize: sealedByteCount, source: &source) { block, counter, final in
                // Only a lone final chunk may be empty; a non-final block is always full by construction.
                guard
                    block.count > AEADAlgorithm.tagByteCount
                        || (block.count == AEADAlgorithm.tagByteCount && counter == 0)
                else { throw CryptoError.authenticationFailure }
                try batch.append(block.count - AEADAlgorithm.tagByteCount, flush: final, write: write) { output in
                    try StreamChunk.open(
                        header.algorithm, block, key: key, counter: counter, final: final, into: output)
                }
            }
        }
    }

    /// Reads of about this size: `read(2)` from the page cache costs about half as much per byte at
    /// 1-2 MiB as at 64 KiB (measured with dd), and that copy is most of what a stream adds to AES-GCM.
    private static let readByteCount = 1 << 21

    /// How many blocks of `size` bytes one read takes: about `readByteCount`, and at least two so
    /// that a full buffer always has a block to release before its last one.
    private static func blocksPerRead(_ size: Int) -> Int { max(2, readByteCount / size) }

    /// Lends a `StreamBatch` holding as many output blocks of `size` bytes as one read yields
    /// input blocks of `inputSize` bytes.
    private static func withBatch(of size: Int, perRead inputSize: Int, _ body: (inout StreamBatch) throws -> Void)
        throws
    {
        var storage = [UInt8](repeating: 0, count: size * blocksPerRead(inputSize))
        try storage.withUnsafeMutableBytes { bytes in
            var batch = StreamBatch(bytes)
            try body(&batch)
        }
    }

    /// Calls `body` with each block of `size` bytes (the last one 0...`size` bytes), its index and
    /// whether it is the last. Memory stays at two buffers of `blocksPerRead` blocks: the source
    /// fills one while `body` works through the other.
    ///
    /// Whether a full buffer's last block is final is known only after the next fill, so that block
    /// is copied to the front of the other buffer, whose fill starts behind it.
    private static func forEachBlock(
        ofSize size: Int, source: inout some StreamSource,
        _ body: (UnsafeRawBufferPointer, UInt64, Bool) throws -> Void
    ) throws {
        let span = size * blocksPerRead(size)
        var storage = [UInt8](repeating: 0, count: 2 * span)
        try storage.withUnsafeMutableBytes { storage in
            var current = UnsafeMutableRawBufferPointer(rebasing: storage[..<span])
            var other = UnsafeMutableRawBufferPointer(rebasing: storage[span...])
            source.begin(current)
            var count = try source.end()
            var counter: UInt64 = 0
            do {
                while true {
                    let full = count == span
                    if full { source.begin(UnsafeMutableRawBufferPointer(rebasing: other[size...])) }
                    var start = 0
                    while !full || count - start > size {
                        let end = min(start + size, count)
                        let final = !full && end == count
                        try body(UnsafeRawBufferPointer(rebasing: current[start..<end]), counter, final)
                        if final { return }
                        start = end
                        counter += 1
                    }
                    other.baseAddress!.copyMemory(from: current.baseAddress! + start, byteCount: size)
                    count = try size + source.end()
                    swap(&current, &other)
                }
            } catch {
                // The other buffer may still be filling; it must not be freed under the reader.
                _ = try? source.end()
                throw error
            }
        }
    }

    /// Encrypts everything readable from `input` into `output` (files, pipes, sockets).
    /// Throws `CryptoError`.
    public static func encrypt(
        _ input: FileHandle, to output: FileHandle, using fileKey: SymmetricKey,
        chunkByteCount: Int = defaultChunkByteCount, profile: AlgorithmProfile = .standard
    ) throws {
        var source = ReadAheadSource(descriptor: input.fileDescriptor)
        try encrypt(
            using: fileKey, chunkByteCount: chunkByteCount, profile: profile, source: &source,
            write: { try FileDescriptorIO.write(output, $0) })
    }

    /// Decrypts everything readable from `input` into `output`. Output written before an error is
    /// unverified and must be discarded by the caller.
    /// Throws `CryptoError`.
    public static func decrypt(
        _ input: FileHandle, to output: FileHandle, using fileKey: SymmetricKey, profile: AlgorithmProfile = .standard
    ) throws {
        var source = ReadAheadSource(descriptor: input.fileDescriptor)
        try decrypt(
            using: fileKey, profile: profile, source: &source, write: { try FileDescriptorIO.write(output, $0) })
    }

    /// Encrypts the file at `inputPath` into `outputPath`, which appears only when complete.
    /// Throws `CryptoError`.
    public static func encryptFile(
        at inputPath: String, to outputPath: String, using fileKey: SymmetricKey,
        chunkByteCount: Int = defaultChunkByteCount, profile: AlgorithmProfile = .standard
    ) throws {
        try FileDescriptorIO.transform(inputPath, outputPath) { input, output in
            try encrypt(input, to: output, using: fileKey, chunkByteCount: chunkByteCount, profile: profile)
        }
    }

    /// Decrypts the file at `inputPath` into `outputPath`, which appears only if every chunk verified.
    /// Throws `CryptoError`.
    public static func decryptFile(
        at inputPath: String, to outputPath: String, using fileKey: SymmetricKey, profile: AlgorithmProfile = .standard
    ) throws {
        try FileDescriptorIO.transform(inputPath, outputPath) { input, output in
            try decrypt(input, to: output, using: fileKey, profile: profile)
        }
    }

    /// Encrypts an in-memory payload.
    /// Throws `CryptoError`.
    public static func encrypt(
        _ plaintext: some DataProtocol, using fileKey: SymmetricKey, chunkByteCount: Int = defaultChunkByteCount,
        profile: AlgorithmProfile = .standard
    ) throws -> [UInt8] {
        var source = Array(plaintext)[...]
        var output: [UInt8] = []
        try encrypt(
            using: fileKey, chunkByteCount: chunkByteCount, profile: profile, read: { Self.take(&source, into: $0) },
            write: { output += $0 })
        return output
    }

    /// Decrypts an in-memory stream; nothing is returned unless the whole stream verified.
    /// Throws `CryptoError`.
    public static func decrypt(
        _ stream: some DataProtocol, using fileKey: SymmetricKey, profile: AlgorithmProfile = .standard
    ) throws -> [UInt8] {
        var source = Array(stream)[...]
        var output: [UInt8] = []
        try decrypt(using: fileKey, profile: profile, read: { Self.take(&source, into: $0) }, write: { output += $0 })
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
