import CardVault
import CustodyStore
import Foundation
import WalletCrypto

/// Issue 6's absolute targets: the vault's throughput on a durable SQLite file, in cards per second
/// (there is no direct-OpenSSL side to compare with: the cost is the store's).
enum VaultBench {
    struct Figures {
        let tokenisePerSecond: Double
        let detokenisePerSecond: Double
        let p50Milliseconds: Double
        let p99Milliseconds: Double
        /// Entries in the log the checkpoint rows measure (1,000,000).
        let logEntries: UInt64
        let checkpointMilliseconds: Double
        let verifySeconds: Double
    }

    /// The size of the log the checkpoint rows use (issue 12).
    static let largeLogEntries = 1_000_000

    static let batchSize = 1000

    static func run(quick: Bool) throws -> Figures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custody-bench-vault")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The keyed audit log with a checkpoint file and a checkpoint every 1,000 entries (issue 12).
        let vault = try CardVault(
            store: SQLiteVaultStore(path: folder.appendingPathComponent("vault.sqlite").path),
            keyring: VaultKeyring([1: SymmetricKey(size: 256)]),
            auditLog: AuditLogOptions(
                origin: "bench.example/vault", checkpointFile: folder.appendingPathComponent("checkpoints").path,
                checkpointInterval: 1000))
        try vault.createTenant("bench", policy: TokenPolicy(reuseExistingToken: true))
        let batches = quick ? 3 : 10
        let cards = try (0..<(batches * batchSize)).map { try Card(pan: pan($0), expiryMonth: 12, expiryYear: 2035) }
        let clock = ContinuousClock()
        var tokens: [String] = []
        let tokenise = try clock.measure {
            for batch in 0..<batches {
                tokens += try vault.tokenize(
                    Array(cards[(batch * batchSize)..<((batch + 1) * batchSize)]), tenant: "bench", actor: "bench")
            }
        }
        var sink = 0
        let detokenise = try clock.measure {
            for batch in 0..<batches {
                sink &+= try vault.withDetokenizedPANs(
                    Array(tokens[(batch * batchSize)..<((batch + 1) * batchSize)]), tenant: "bench",
                    purpose: "settlement", actor: "bench"
                ) { $0.count }
            }
        }
        var latencies: [Double] = []
        for index in 0..<(quick ? 200 : 1000) {
            let card = try Card(pan: pan(1_000_000 + index), expiryMonth: 12, expiryYear: 2035)
            let elapsed = try clock.measure { _ = try vault.tokenize(card, tenant: "bench", actor: "bench") }
            latencies.append(seconds(elapsed) * 1000)
        }
        latencies.sort()
        precondition(sink == tokens.count)
        // Grow the log to 1,000,000 entries with batch detokenisations (one entry each), then time
        // a checkpoint of it and a full verification against that checkpoint.
        let batch = Array(tokens.prefix(batchSize))
        while try vault.auditLogSize() < UInt64(largeLogEntries) {
            let missing = UInt64(largeLogEntries) - (try vault.auditLogSize())
            sink &+= try vault.withDetokenizedPANs(
                Array(batch.prefix(Int(min(missing, UInt64(batchSize))))), tenant: "bench", purpose: "growth",
                actor: "bench"
            ) { $0.count }
        }
        var checkpoint = ""
        let checkpointTime = try clock.measure { checkpoint = try vault.checkpoint() }
        var verified: AuditLogVerification?
        let verifyTime = try clock.measure { verified = try vault.verifyAuditLog(checkpoints: [checkpoint]) }
        precondition(verified?.size == UInt64(largeLogEntries))
        return Figures(
            tokenisePerSecond: Double(cards.count) / seconds(tokenise),
            detokenisePerSecond: Double(tokens.count) / seconds(detokenise),
            p50Milliseconds: latencies[latencies.count / 2], p99Milliseconds: latencies[latencies.count * 99 / 100],
            logEntries: verified?.size ?? 0, checkpointMilliseconds: seconds(checkpointTime) * 1000,
            verifySeconds: seconds(verifyTime))
    }

    /// Distinct valid 16-digit Visa test numbers: a prefix, the index, and a Luhn check digit.
    static func pan(_ index: Int) -> String {
        let body = "4" + String(format: "%014d", index)
        var sum = 0
        for (position, character) in body.reversed().enumerated() {
            var value = Int(String(character))!
            if position % 2 == 0 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return body + String((10 - sum % 10) % 10)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
