import Foundation
import Glibc
import TestSupport
import Testing
import WalletCrypto

/// A 1 GiB stream must stay in constant memory. Peak RSS is a high-water mark for the whole
/// process, so the measurement runs in a fresh copy of this test binary that does nothing else.
///
/// Linux carries the parent's high-water mark into a spawned child's `getrusage` `ru_maxrss` at
/// exec (exec_mmap records the old address space's peak), so while other tests hold a 1 GiB scrypt
/// buffer the child's `ru_maxrss` reports the parent's peak. The child therefore checks `VmHWM`
/// from /proc/self/status, the peak of its own address space, and prints `ru_maxrss` beside it.
@Suite("Streaming memory")
struct StreamMemoryTests {
    static let probeVariable = "WALLETCUSTODY_STREAM_PROBE"

    @Test func oneGibibyteStreamsInUnder64MiB() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0])
        let (_, output) = try runProgram(
            binary, ["--testing-library", "swift-testing", "--filter", "StreamMemoryTests/probe"],
            environment: [Self.probeVariable: "1"])
        let text = String(decoding: output, as: UTF8.self)
        let line = try #require(
            text.split(separator: "\n").first { $0.contains("stream-probe") }, "\(text.suffix(2000))")
        print(line)
        let fields = Dictionary(
            uniqueKeysWithValues: line.split(separator: " ").compactMap { part -> (String, Int)? in
                let pair = part.split(separator: "=")
                guard pair.count == 2, let value = Int(pair[1]) else { return nil }
                return (String(pair[0]), value)
            })
        #expect(fields["bytes"] == 1 << 30)
        #expect(fields["verified"] == 1)
        let peak = try #require(fields["peakKiB"])
        #expect(peak > 0)
        #expect(peak < 64 * 1024, "peak RSS \(peak) KiB")
    }

    /// Runs only inside the child process started above.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[probeVariable] != nil))
    func probe() throws {
        try withTemporaryFolder("wc-probe") { folder in
            // A sparse 1 GiB input: reads return zeros without using disk or memory.
            let plain = folder.appendingPathComponent("plain").path
            let descriptor = open(plain, O_WRONLY | O_CREAT, 0o600)
            #expect(ftruncate(descriptor, off_t(1 << 30)) == 0)
            close(descriptor)
            let sealed = folder.appendingPathComponent("sealed").path
            let key = SymmetricKey(size: 256)
            try StreamEncryption.encryptFile(at: plain, to: sealed, using: key)
            // Decrypt to a digest instead of a second 1 GiB file, checking every byte came back.
            guard let input = FileHandle(forReadingAtPath: sealed) else { throw CryptoError(.backendFailure, "open") }
            var hasher = SHA256()
            var total = 0
            try StreamEncryption.decrypt(
                using: key, read: { buffer in read(input.fileDescriptor, buffer.baseAddress, buffer.count) },
                write: {
                    hasher.update(bufferPointer: $0)
                    total += $0.count
                })
            let zeros = [UInt8](repeating: 0, count: 1 << 20)
            var expected = SHA256()
            for _ in 0..<1024 { expected.update(data: zeros) }
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
            let hwm =
                status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }?.split(separator: " ").dropFirst()
                .first.flatMap { Int($0) } ?? -1
            let verified = hasher.finalize() == expected.finalize() ? 1 : 0
            print(
                "stream-probe bytes=\(total) verified=\(verified) peakKiB=\(hwm) getrusageMaxrssKiB=\(usage.ru_maxrss)")
        }
    }
}
