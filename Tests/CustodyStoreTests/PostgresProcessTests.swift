import Foundation
import Glibc
import OneTimePassword
import Synchronization
import TestSupport
import Testing
import WalletCrypto

@testable import CardVault
@testable import CustodyStore

/// Several client processes on one PostgreSQL database, as several service nodes would be: each
/// child is this test binary re-run with a probe test selected, talking to the parent over its
/// standard input and output.
@Suite(
    "PostgreSQL across processes", .enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason),
    .serialized)
struct PostgresProcessTests {
    static let probeVariable = "WALLETCUSTODY_PG_PROBE"
    static let connectionVariable = "WALLETCUSTODY_PG_PROBE_CONNECTION"
    static let folderVariable = "WALLETCUSTODY_PG_PROBE_FOLDER"

    /// Fixed keys, so every process opens the same Authenticator.
    static func authenticator(_ connection: String, clock: TestClock) throws -> Authenticator {
        let keys = try OTPKeyRing(
            currentVersion: 1, keys: [1: SymmetricKey(data: [UInt8](repeating: 7, count: 32))],
            recoveryCodeKey: SymmetricKey(data: [UInt8](repeating: 8, count: 32)))
        return try Authenticator(
            store: PostgresAuthenticatorStore(connection: connection, poolSize: 8), keys: keys,
            policy: AuthenticatorPolicy(issuer: "Example Wallet"), clock: { clock.now })
    }

    /// A vault on PostgreSQL whose key file lives in `folder` (made by the first caller).
    static func vault(_ connection: String, folder: URL) throws -> CardVault {
        let fixture = try VaultFixture(folder: folder)
        return try CardVault(
            store: PostgresVaultStore(connection: connection, poolSize: 4),
            keyring: VaultKeyring([1: VaultKeyring.readInsecurePlaintextKeyFile(fixture.kekPath)]),
            auditLog: AuditLogOptions(origin: "bank.example/vault"))
    }

    /// `count` distinct valid Visa numbers: a body and the check digit the vault's own Luhn test
    /// accepts.
    static func pans(_ count: Int) -> [String] {
        (0..<count).map { index in
            let body = "4" + String(73_000_000_000_000 + index * 7919)
            return (0...9).map { body + String($0) }.first { PrimaryAccountNumber.passesLuhn(Array($0.utf8)) }!
        }
    }

    @Test func oneCodeIsAcceptedOnceAcrossFourProcesses() throws {
        let connection = try PostgresTestServer.database("otp_processes")
        let clock = TestClock()
        let authenticator = try Self.authenticator(connection, clock: clock)
        let enrollment = try authenticator.enroll(user: "u", account: "u@example.com")
        let totp = try TOTP(secret: enrollment.uri.secret)
        let code = { (time: Date) throws in totp.hotp.code(counter: UInt64(try totp.timeStep(at: time))) }
        _ = try authenticator.confirm(user: "u", code: try code(clock.now))
        let children = try (0..<4).map { _ in
            try ProbeProcess("verifyProbe", [Self.connectionVariable: connection])
        }
        var rounds = 0
        for round in 1...100 {
            let time = clock.now.addingTimeInterval(TimeInterval(30 * round))
            let line = "\(Int64(time.timeIntervalSince1970)) \(try code(time))\n"
            for child in children { child.send(line) }
            let accepted = try children.map { try $0.report("accepted") }
            #expect(accepted.reduce(0, +) == 1, "round \(round): \(accepted) of 4 × 8 verifications accepted")
            rounds += 1
        }
        for child in children { try child.finish() }
        #expect(rounds == 100)
        #expect(try authenticator.verifyAuditLog().size >= 2)
    }

    /// Child side of the test above: for each "time code" line, 8 threads verify the code at that
    /// time; the number accepted is reported.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[probeVariable] == "verifyProbe"))
    func verifyProbe() throws {
        let clock = TestClock(Date(timeIntervalSince1970: 0))
        let authenticator = try Self.authenticator(
            ProcessInfo.processInfo.environment[Self.connectionVariable]!, clock: clock)
        while let line = readLine() {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let seconds = Double(fields[0]) else { continue }
            clock.advance(seconds - clock.now.timeIntervalSince1970)
            let code = String(fields[1])
            let accepted = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                if (try? authenticator.verify(user: "u", code: code)) != nil { accepted.add(1, ordering: .relaxed) }
            }
            ProbeProcess.say("accepted \(accepted.load(ordering: .relaxed))")
        }
    }

    @Test func fourProcessesTokenisingTheSamePANsGetOneTokenEach() throws {
        try withTemporaryFolder("wc-pg-tokens") { folder in
            let connection = try PostgresTestServer.database("vault_processes")
            let vault = try Self.vault(connection, folder: folder)
            try vault.ensureTenant("t1")
            let children = try (0..<4).map { _ in
                try ProbeProcess(
                    "tokenizeProbe", [Self.connectionVariable: connection, Self.folderVariable: folder.path])
            }
            var tokens: [String: Set<String>] = [:]
            for child in children {
                for line in try child.finish() where line.hasPrefix("token ") {
                    let fields = line.split(separator: " ")
                    tokens[String(fields[1]), default: []].insert(String(fields[2]))
                }
            }
            let pans = Self.pans(50)
            #expect(tokens.count == 50)
            #expect(tokens.values.allSatisfy { $0.count == 1 }, "a PAN got several tokens")
            let stored = try PostgresTestServer.psql(connection, "SELECT count(*) FROM vault_tokens")
            #expect(stored == "50")
            let detokenised = try vault.withDetokenizedPANs(
                pans.map { tokens[$0]!.first! }, tenant: "t1", purpose: "check", actor: "test"
            ) { $0.map { $0.withUnsafeDigits { String(decoding: $0, as: UTF8.self) } } }
            #expect(detokenised == pans)
            #expect(try vault.verifyAuditLog().size >= 200)
        }
    }

    /// Child side of the test above: tokenise the 50 PANs in a random order, reporting each token.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[probeVariable] == "tokenizeProbe"))
    func tokenizeProbe() throws {
        let environment = ProcessInfo.processInfo.environment
        let vault = try Self.vault(
            environment[Self.connectionVariable]!, folder: URL(fileURLWithPath: environment[Self.folderVariable]!))
        for pan in Self.pans(50).shuffled() {
            let token = try vault.tokenize(
                try Card(pan: pan, expiryMonth: 12, expiryYear: 2030), tenant: "t1", actor: "node")
            ProbeProcess.say("token \(pan) \(token)")
        }
    }
}
