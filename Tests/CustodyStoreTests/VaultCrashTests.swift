import Foundation
import Glibc
import TestSupport
import Testing
import WalletCrypto

@testable import CardVault
@testable import CustodyStore

/// A child process tokenises in a loop and is killed with SIGKILL at random moments; every token it
/// reported as stored must detokenise afterwards, SQLite's integrity check must pass, and the audit
/// log must verify against every checkpoint written before the kills.
@Suite("Card vault crash safety")
struct VaultCrashTests {
    static let probeVariable = "WALLETCUSTODY_VAULT_CRASH_PROBE"

    @Test func everyReportedTokenSurvivesSIGKILL() throws {
        try withTemporaryFolder("wc-vault-crash") { folder in
            let fixture = try VaultFixture(folder: folder)
            try fixture.open().createTenant("t1", policy: TokenPolicy(reuseExistingToken: false))
            var stored: [(token: String, pan: String)] = []
            var killed = 0
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<24 {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
                process.arguments = ["--testing-library", "swift-testing", "--filter", "VaultCrashTests/probe"]
                var environment = ProcessInfo.processInfo.environment
                environment[Self.probeVariable] = folder.path
                process.environment = environment
                let output = Pipe()
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                try process.run()
                usleep(UInt32.random(in: 250_000...700_000, using: &generator))
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    killed += 1
                }
                let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                // A line cut by the kill has no newline and is not a report.
                for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                    let fields = line.split(separator: " ")
                    if fields.count == 3, fields[0] == "stored" {
                        stored.append((String(fields[1]), String(fields[2])))
                    }
                }
            }
            print("vault-crash: \(killed) kills, \(stored.count) tokens reported")
            #expect(killed >= 20)
            #expect(stored.count >= 20)
            let vault = try fixture.open()
            for start in stride(from: 0, to: stored.count, by: 1000) {
                let chunk = stored[start..<min(start + 1000, stored.count)]
                let pans = try vault.withDetokenizedPANs(
                    chunk.map(\.token), tenant: "t1", purpose: "check", actor: "test"
                ) {
                    $0.map { $0.withUnsafeDigits { String(decoding: $0, as: UTF8.self) } }
                }
                #expect(pans == chunk.map(\.pan))
            }
            #expect(try SQLiteVaultStore(path: fixture.path).integrityCheck() == "ok")
            // The log verifies against every checkpoint the children wrote before they were killed.
            let audit = try vault.verifyAuditLog()
            print("vault-crash: \(audit.size) audit entries, \(audit.checkpointsVerified) checkpoints")
            #expect(audit.checkpointsVerified > 0 && audit.largestCheckpointSize > 0)
        }
    }

    /// Runs only inside the child processes started above: tokenise until killed.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[probeVariable] != nil))
    func probe() throws {
        let folder = URL(fileURLWithPath: ProcessInfo.processInfo.environment[Self.probeVariable]!)
        let fixture = try VaultFixture(folder: folder)
        let vault = try fixture.open()
        for _ in 0..<100_000 {
            let pan = testPANs.randomElement()!
            let token = try vault.tokenize(try fixture.card(pan), tenant: "t1", actor: "crash-probe")
            // Reported only after the commit returned, so a report is a promise that it is stored.
            FileHandle.standardOutput.write(Data("stored \(token) \(pan)\n".utf8))
        }
    }
}
