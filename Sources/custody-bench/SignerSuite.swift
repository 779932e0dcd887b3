import Foundation
import OfflineSigner
import WalletCrypto

/// Issue 7's row: review and sign a 1 GiB payload, against `openssl dgst -sha256` of the same file.
extension Suite {
    static let signerPayloadByteCount = 1 << 30
    static let signerProbeFlag = "--signer-memory-probe"

    /// The folder with the payload, request and a keystore whose scrypt cost is the smallest, since
    /// unlocking costs the same for any payload and has its own row (scrypt).
    static func signerFixture() throws -> (folder: String, keystore: Keystore, passphrase: SecureBytes) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custody-bench-signer").path
        let payload = folder + "/payload.bin"
        let passphrase = SecureBytes(Array("custody-bench signer passphrase".utf8))
        if (try? FileManager.default.attributesOfItem(atPath: payload)[.size] as? Int) != signerPayloadByteCount {
            try? FileManager.default.removeItem(atPath: folder)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: payload, contents: nil) else {
                throw BenchError("cannot create \(payload)")
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: payload))
            let block = Data(bytes(1 << 20, seed: 31))
            for _ in 0..<(signerPayloadByteCount >> 20) { try handle.write(contentsOf: block) }
            try handle.close()
        }
        try? FileManager.default.removeItem(atPath: folder + "/keystore")
        let keystore = try Keystore.create(
            at: folder + "/keystore", algorithm: .ed25519, passphrase: passphrase, delayBase: 0,
            scrypt: Scrypt.Parameters(n: 1 << 10, r: 8, p: 1))
        let request = try SigningRequest(
            created: Date(), expires: Date().addingTimeInterval(86400), kind: "release",
            purpose: "custody-bench", content: nil, payloads: [try PayloadHasher.payload(payload)])
        try FileAccess.write(request.bytes, to: folder + "/payload.request", what: "request")
        return (folder, keystore, passphrase)
    }

    /// Everything `offline-signer sign --yes` does: the air-gap, request, payload, expiry, policy and
    /// journal checks (one streaming SHA-256 pass), the review text, unlocking, signing, the journal
    /// entry and the response file, with fsyncs.
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

    static func signer(_ sink: Sink) -> Benchmark {
        Benchmark(
            "offline-signer review+sign vs openssl dgst -sha256", size: signerPayloadByteCount, goal: .signer,
            externalRate: opensslDigestRate,
            prepare: {
                let (folder, keystore, passphrase) = try signerFixture()
                try reportSignerMemory(folder)
                return ({ sink.eat(UInt8(truncatingIfNeeded: try reviewAndSign(folder, keystore, passphrase))) }, {})
            })
    }

    /// `openssl dgst -sha256` of the payload: the best of three runs, as operations per second.
    private static func opensslDigestRate() throws -> Double {
        let payload = FileManager.default.temporaryDirectory.appendingPathComponent("custody-bench-signer/payload.bin")
            .path
        var best = Double.infinity
        for _ in 0..<3 {
            let start = ContinuousClock.now
            _ = try ChildProgram.run(["openssl", "dgst", "-sha256", payload])
            let elapsed = (ContinuousClock.now - start).components
            best = min(best, Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
        }
        return 1 / best
    }

    /// Runs one review and sign in a child process of this binary and reports its peak resident
    /// memory (`VmHWM` of the child's own address space; `ru_maxrss` would inherit this process's peak).
    private static func reportSignerMemory(_ folder: String) throws {
        let text = try ChildProgram.run([signerProbeFlag, folder], executable: CommandLine.arguments[0])
        guard let kibibytes = Int(text) else { throw BenchError("the signer memory probe failed: \(text)") }
        let mebibytes = Double(kibibytes) / 1024
        signerPeakMemory.withLock { $0 = mebibytes }
    }

    /// The child side of `reportSignerMemory`: sign once, print VmHWM in KiB.
    static func runSignerMemoryProbe(_ folder: String) throws {
        let keystore = try Keystore(opening: folder + "/keystore")
        _ = try reviewAndSign(folder, keystore, SecureBytes(Array("custody-bench signer passphrase".utf8)))
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        print(line?.split(separator: " ").dropFirst().first ?? "0")
    }

    static let signerPeakMemory = LockedValue<Double?>(nil)
}
