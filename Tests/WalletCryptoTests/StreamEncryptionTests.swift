import Foundation
import TestSupport
import Testing
import WalletCrypto

@Suite("Streaming encryption (stream-v1)")
struct StreamEncryptionTests {
    let key = SymmetricKey(size: 256)
    static let chunk = 1024

    /// Splits a stream into its header and sealed chunks.
    func chunks(_ stream: [UInt8]) -> (header: [UInt8], chunks: [[UInt8]]) {
        let sealed = Self.chunk + 16
        var body = Array(stream.dropFirst(39))
        var parts: [[UInt8]] = []
        while !body.isEmpty {
            parts.append(Array(body.prefix(sealed)))
            body = Array(body.dropFirst(sealed))
        }
        return (Array(stream.prefix(39)), parts)
    }

    @Test(arguments: [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk, 3 * chunk + 5])
    func roundTripsAndHasOneEncodingPerLength(size: Int) throws {
        let plaintext = SecureRandom.bytes(count: size)
        let stream = try StreamEncryption.encrypt(plaintext, using: key, chunkByteCount: Self.chunk)
        let expectedChunks = max(1, (size + Self.chunk - 1) / Self.chunk)
        #expect(stream.count == 39 + size + 16 * expectedChunks)
        #expect(try StreamEncryption.decrypt(stream, using: key) == plaintext)
        #expect(throws: CryptoError.authenticationFailure) {
            try StreamEncryption.decrypt(stream, using: SymmetricKey(size: 256))
        }
    }

    /// Sizes around the 2 MiB reads: plaintext blocks (1 KiB) and sealed blocks (1040 B) reach a
    /// buffer's end at different sizes, and a full buffer's last block waits for the next read.
    @Test(arguments: [
        2 << 20 - 1, 2 << 20, 2 << 20 + 1, 2016 * chunk, 2016 * chunk + 1, 4 << 20, 4 << 20 + 3 * chunk + 7,
    ])
    func filesAndMemoryAgreeAcrossReadBuffers(size: Int) throws {
        try withTemporaryFolder("wc-stream") { folder in
            let plain = folder.appendingPathComponent("plain").path
            let sealed = folder.appendingPathComponent("sealed").path
            let opened = folder.appendingPathComponent("opened").path
            let payload = SecureRandom.bytes(count: size)
            try Data(payload).write(to: URL(fileURLWithPath: plain))
            try StreamEncryption.encryptFile(at: plain, to: sealed, using: key, chunkByteCount: Self.chunk)
            var stream = Array(try Data(contentsOf: URL(fileURLWithPath: sealed)))
            #expect(try StreamEncryption.decrypt(stream, using: key) == payload)
            try Data(try StreamEncryption.encrypt(payload, using: key, chunkByteCount: Self.chunk))
                .write(to: URL(fileURLWithPath: sealed))
            try StreamEncryption.decryptFile(at: sealed, to: opened, using: key)
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: opened))) == payload)
            // A chunk modified after the first read buffer, and a stream cut at a chunk boundary there.
            let sealedChunk = Self.chunk + 16
            let chunkCount = (stream.count - 39 + sealedChunk - 1) / sealedChunk
            let tampered = 39 + min(2020, chunkCount - 1) * sealedChunk + 5
            stream[tampered] ^= 1
            try Data(stream).write(to: URL(fileURLWithPath: sealed))
            #expect(throws: CryptoError.authenticationFailure) {
                try StreamEncryption.decryptFile(at: sealed, to: opened + "2", using: key)
            }
            stream[tampered] ^= 1
            try Data(stream.prefix(39 + min(2016, chunkCount - 1) * sealedChunk)).write(
                to: URL(fileURLWithPath: sealed))
            #expect(throws: CryptoError.authenticationFailure) {
                try StreamEncryption.decryptFile(at: sealed, to: opened + "2", using: key)
            }
            #expect(!FileManager.default.fileExists(atPath: opened + "2"))
        }
    }

    @Test func everyAttackOnTheChunksIsDetected() throws {
        let stream = try StreamEncryption.encrypt(
            SecureRandom.bytes(count: 3 * Self.chunk + 10), using: key, chunkByteCount: Self.chunk)
        let (header, parts) = chunks(stream)
        #expect(parts.count == 4)
        let attacks: [String: [UInt8]] = [
            "truncated at a chunk boundary": header + parts[0] + parts[1] + parts[2],
            "truncated inside a chunk": Array(stream.dropLast(5)),
            "extra chunk appended": stream + parts[1],
            "trailing byte": stream + [0],
            "chunks reordered": header + parts[1] + parts[0] + parts[2] + parts[3],
            "chunk duplicated": header + parts[0] + parts[0] + parts[1] + parts[2] + parts[3],
            "chunk dropped": header + parts[0] + parts[2] + parts[3],
            "final chunk only": header + parts[3],
            "empty final chunk after data": header + parts[0] + parts[1] + parts[2] + Array(parts[3].suffix(16)),
            "header only": header,
        ]
        for (name, tampered) in attacks {
            #expect(throws: CryptoError.self, "\(name)") { try StreamEncryption.decrypt(tampered, using: key) }
        }
        for index in stride(from: 0, to: stream.count, by: 97) {
            var flipped = stream
            flipped[index] ^= 0x20
            #expect(throws: CryptoError.self, "byte \(index)") { try StreamEncryption.decrypt(flipped, using: key) }
        }
    }

    @Test func headerDefectsAreReportedAsEncodingErrors() throws {
        let stream = try StreamEncryption.encrypt([1, 2, 3], using: key, chunkByteCount: Self.chunk)
        for (offset, value) in [(0, UInt8(0x58)), (4, 2), (5, 3), (6, 9), (6, 25)] {
            var bad = stream
            bad[offset] = value
            let error = #expect(throws: CryptoError.self) { try StreamEncryption.decrypt(bad, using: key) }
            #expect(error?.code == .invalidEncoding, "offset \(offset)")
        }
        var salt = stream
        salt[20] ^= 1
        #expect(throws: CryptoError.authenticationFailure) { try StreamEncryption.decrypt(salt, using: key) }
        #expect(throws: CryptoError.self) { try StreamEncryption.encrypt([1], using: key, chunkByteCount: 1000) }
        #expect(throws: CryptoError.self) { try StreamEncryption.encrypt([1], using: SymmetricKey(size: 128)) }
        #expect(throws: CryptoError.self) { try StreamEncryption.decrypt(Array(stream.prefix(20)), using: key) }
    }

    @Test(arguments: [AlgorithmProfile.standard, .shangMi])
    func filesAppearOnlyWhenVerified(profile: AlgorithmProfile) throws {
        try withTemporaryFolder("wc-stream") { folder in
            let plain = folder.appendingPathComponent("plain").path
            let sealed = folder.appendingPathComponent("sealed").path
            let opened = folder.appendingPathComponent("opened").path
            let payload = SecureRandom.bytes(count: 300_000)
            try Data(payload).write(to: URL(fileURLWithPath: plain))
            try StreamEncryption.encryptFile(at: plain, to: sealed, using: key, profile: profile)
            // Under the other profile the file is refused and nothing appears.
            let other: AlgorithmProfile = profile == .standard ? .shangMi : .standard
            #expect(throws: CryptoError.self) {
                try StreamEncryption.decryptFile(at: sealed, to: opened, using: key, profile: other)
            }
            #expect(!FileManager.default.fileExists(atPath: opened))
            try StreamEncryption.decryptFile(at: sealed, to: opened, using: key, profile: profile)
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: opened))) == payload)
            var tampered = Array(try Data(contentsOf: URL(fileURLWithPath: sealed)))
            tampered[tampered.count - 1] ^= 1
            try Data(tampered).write(to: URL(fileURLWithPath: sealed))
            let rejected = folder.appendingPathComponent("rejected").path
            #expect(throws: CryptoError.authenticationFailure) {
                try StreamEncryption.decryptFile(at: sealed, to: rejected, using: key, profile: profile)
            }
            #expect(!FileManager.default.fileExists(atPath: rejected))
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                    "opened", "plain", "sealed",
                ])
        }
    }

    @Test func streamsThroughAPipeWithShortReads() throws {
        let payload = SecureRandom.bytes(count: 200_000)
        let stream = try StreamEncryption.encrypt(payload, using: key)
        let pipe = Pipe()
        let writer = Thread {
            // Small writes force the reader to assemble chunks from short reads.
            var offset = 0
            while offset < stream.count {
                let end = min(stream.count, offset + 4093)
                pipe.fileHandleForWriting.write(Data(stream[offset..<end]))
                offset = end
            }
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        var output: [UInt8] = []
        try StreamEncryption.decrypt(
            using: key,
            read: { buffer in
                let count = read(pipe.fileHandleForReading.fileDescriptor, buffer.baseAddress, buffer.count)
                guard count >= 0 else { throw CryptoError(.backendFailure, "read failed") }
                return count
            }, write: { output += $0 })
        #expect(output == payload)
    }
}
