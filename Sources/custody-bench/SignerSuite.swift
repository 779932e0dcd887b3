import Foundation
import OfflineSigner
import WalletCrypto

/// The signer's rows: issue 7's review and sign of a 1 GiB opaque payload against `openssl dgst
/// -sha256` of the same file, and issue 11's review and sign of a 100,000-payment pain.001 batch
/// against `xmllint --noout --stream` of the same file. Each row also reports the peak memory of
/// one review and sign in a child process.
extension Suite {
    /// One signer row's payload.
    struct SignerPayload: Sendable {
        let folder: String
        let file: String
        let format: PayloadFormat
        let byteCount: Int
        let memoryLimit: Double
        let label: String

        static let opaque = SignerPayload(
            folder: "custody-bench-signer", file: "payload.bin", format: .opaque, byteCount: 1 << 30,
            memoryLimit: 64, label: "offline-signer review+sign of 1 GiB")
        static let pain001 = SignerPayload(
            folder: "custody-bench-pain001", file: "payload.xml", format: .pain001,
            byteCount: pain001Sample.count, memoryLimit: 128,
            label: "offline-signer review+sign of a 100,000-payment pain.001")

        var folderPath: String { FileManager.default.temporaryDirectory.appendingPathComponent(folder).path }
        var path: String { folderPath + "/" + file }

        /// Writes the payload unless a file of its size is there.
        func write() throws {
            if (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == byteCount { return }
            try? FileManager.default.removeItem(atPath: folderPath)
            try FileManager.default.createDirectory(atPath: folderPath, withIntermediateDirectories: true)
            if format == .pain001 {
                try Data(Suite.pain001Sample).write(
                    to: URL(fileURLWithPath: path), options: .atomic)
                return
            }
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw BenchError("cannot create \(path)")
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            let block = Data(bytes(1 << 20, seed: 31))
            for _ in 0..<(byteCount >> 20) { try handle.write(contentsOf: block) }
            try handle.close()
        }
    }

    static let pain001PaymentCount = 100_000
    /// The pain.001 payload, made once: its size names the row and its bytes are the file.
    static let pain001Sample = PaymentSample.pain001(count: pain001PaymentCount)
    static let signerProbeFlag = "--signer-memory-probe"
    static let signerPassphrase = "custody-bench signer passphrase"

    /// The payload, a request for it (with the content computed from it, for payment formats) and a
    /// keystore whose scrypt cost is the smallest, since unlocking costs the same for any payload
    /// and has its own row (scrypt).
    static func signerFixture(_ payload: SignerPayload) throws -> (keystore: Keystore, passphrase: SecureBytes) {
        try payload.write()
        let folder = payload.folderPath
        let passphrase = SecureBytes(Array(signerPassphrase.utf8))
        try? FileManager.default.removeItem(atPath: folder + "/keystore")
        let keystore = try Keystore.create(
            at: folder + "/keystore", algorithm: .ed25519, passphrase: passphrase, delayBase: 0,
            scrypt: Scrypt.Parameters(n: 1 << 10, r: 8, p: 1))
        let content = try PayloadContent.inspect([payload.path], format: payload.format)
        let request = try SigningRequest(
            created: Date(), expires: Date().addingTimeInterval(86400), kind: "release",
            purpose: "custody-bench", content: content.summary, payloads: content.items.map(\.payload))
        try FileAccess.write(request.bytes, to: folder + "/payload.request", what: "request")
        return (keystore, passphrase)
    }

    /// Everything `offline-signer sign --yes` does: the air-gap, request, payload, expiry, policy and
    /// journal checks (one read that hashes the payload and, for payment formats, decodes the
    /// hashed bytes), the review text, unlocking, signing, the journal entry and the response file,
    /// with fsyncs.
    static func reviewAndSign(_ folder: String, _ keystore: Keystore, _ passphrase: SecureBytes) throws -> Int {
        var options = OfflineSigning.Options()
        options.allowNetwork = true
        options.again = true
        let checked = try OfflineSigning.check(
            requestPath: folder + "/payload.request", payloadFolder: folder, keystore: keystore, options: options)
        let review = Review(
            checked.request, content: checked.content, keyID: keystore.keyID, algorithm: keystore.algorithm,
            policy: "none", now: Date(), showAll: false
        ).text()
        let response = try OfflineSigning.sign(
            checked, keystore: keystore, passphrase: passphrase, responsePath: folder + "/payload.response")
        return review.count + response.bytes.count
    }

    static func signer(_ sink: Sink) -> [Benchmark] {
        [
            Benchmark(
                "offline-signer review+sign vs openssl dgst -sha256", size: SignerPayload.opaque.byteCount,
                goal: .signer, externalRate: { try referenceRate(["openssl", "dgst", "-sha256"], .opaque) },
                prepare: { try prepareSigner(.opaque, sink) }),
            Benchmark(
                "offline-signer review+sign pain.001 vs xmllint --noout --stream",
                inputLabel: String(format: "100k payments, %.1f MB", Double(SignerPayload.pain001.byteCount) / 1e6),
                throughputByteCount: SignerPayload.pain001.byteCount, goal: .signerPain001,
                externalRate: { try referenceRate(["xmllint", "--noout", "--stream"], .pain001) },
                prepare: { try prepareSigner(.pain001, sink) }),
        ]
    }

    private static func prepareSigner(_ payload: SignerPayload, _ sink: Sink) throws -> (
        () throws -> Void, () throws -> Void
    ) {
        let (keystore, passphrase) = try signerFixture(payload)
        try reportSignerMemory(payload)
        let folder = payload.folderPath
        return ({ sink.eat(UInt8(truncatingIfNeeded: try reviewAndSign(folder, keystore, passphrase))) }, {})
    }

    /// The reference program over the payload: the best of three runs, as operations per second.
    private static func referenceRate(_ command: [String], _ payload: SignerPayload) throws -> Double {
        try payload.write()
        var best = Double.infinity
        for _ in 0..<3 {
            let start = ContinuousClock.now
            _ = try ChildProgram.run(command + [payload.path])
            let elapsed = (ContinuousClock.now - start).components
            best = min(best, Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
        }
        return 1 / best
    }

    /// Runs one review and sign in a child process of this binary and reports its peak resident
    /// memory (`VmHWM` of the child's own address space; `ru_maxrss` would inherit this process's peak).
    private static func reportSignerMemory(_ payload: SignerPayload) throws {
        let text = try ChildProgram.run([signerProbeFlag, payload.folderPath], executable: CommandLine.arguments[0])
        guard let kibibytes = Int(text) else { throw BenchError("the signer memory probe failed: \(text)") }
        signerPeakMemory.withLock { $0.append((payload.label, Double(kibibytes) / 1024, payload.memoryLimit)) }
    }

    /// The child side of `reportSignerMemory`: sign once, print VmHWM in KiB.
    static func runSignerMemoryProbe(_ folder: String) throws {
        let keystore = try Keystore(opening: folder + "/keystore")
        _ = try reviewAndSign(folder, keystore, SecureBytes(Array(signerPassphrase.utf8)))
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        print(line?.split(separator: " ").dropFirst().first ?? "0")
    }

    /// Each signer row's peak memory: what was measured, MiB, and the goal's limit.
    static let signerPeakMemory = LockedValue<[(String, Double, Double)]>([])
}
