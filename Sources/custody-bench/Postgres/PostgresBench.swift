import CardVault
import CustodyStore
import Foundation
import OneTimePassword
import WalletCrypto

/// Issue 14's rows: the Authenticator and the card vault on PostgreSQL with 1, 4 and 16
/// concurrent clients (each a store of its own, as service nodes are), next to `pgbench`'s
/// built-in TPC-B-like rate with as many clients on the same server in the same run.
///
/// The server is `WALLETCUSTODY_BENCH_POSTGRES` (a libpq connection string to a database the
/// bench may create databases on), or else a throwaway cluster started with
/// `scripts/postgres-test-cluster` from the package folder.
enum PostgresBench {
    struct Row {
        let operation: String
        let clients: Int
        let perSecond: Double
        let unit: String
        let pgbenchTPS: Double
    }

    static let clientCounts = [1, 4, 16]
    static let batchSize = 1000

    static func run(quick: Bool) throws -> [Row]? {
        let seconds = quick ? 1.5 : 4.0
        let server: String
        var cluster: String?
        if let given = ProcessInfo.processInfo.environment["WALLETCUSTODY_BENCH_POSTGRES"], !given.isEmpty {
            server = given
        } else if FileManager.default.isExecutableFile(atPath: "scripts/postgres-test-cluster") {
            let folder = "/tmp/custody-bench-pg-\(UInt32.random(in: 0...UInt32.max))"
            server = try ChildProgram.run(["scripts/postgres-test-cluster", "start", folder])
            cluster = folder
        } else {
            return nil
        }
        defer {
            if let cluster {
                _ = try? ChildProgram.run(["scripts/postgres-test-cluster", "stop", cluster])
                try? FileManager.default.removeItem(atPath: cluster)
            }
        }
        let pgbench = try database(server, "pgbench")
        _ = try ChildProgram.run(["pgbench", "-i", "-q", "-s", "4", pgbench])
        var rows: [Row] = []
        for clients in clientCounts {
            let tps = try pgbenchRate(pgbench, clients: clients, seconds: seconds)
            let vault = try database(server, "vault\(clients)")
            let (tokenise, detokenise) = try vaultRates(vault, clients: clients, seconds: seconds)
            rows.append(
                Row(
                    operation: "tokenize (1,000 per call)", clients: clients, perSecond: tokenise, unit: "cards/s",
                    pgbenchTPS: tps))
            rows.append(
                Row(
                    operation: "withDetokenizedPANs (1,000 per call)", clients: clients, perSecond: detokenise,
                    unit: "cards/s", pgbenchTPS: tps))
            let verify = try verifyRate(try database(server, "otp\(clients)"), clients: clients, seconds: seconds)
            rows.append(
                Row(
                    operation: "Authenticator.verify", clients: clients, perSecond: verify, unit: "calls/s",
                    pgbenchTPS: tps))
        }
        return rows
    }

    /// A new database on `server`; its connection string.
    private static func database(_ server: String, _ label: String) throws -> String {
        let name = "bench_\(label)_\(UInt32.random(in: 0...UInt32.max))"
        _ = try ChildProgram.run([
            "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", server, "-c", "CREATE DATABASE \(name)",
        ])
        return server + " dbname=\(name)"
    }

    /// `pgbench`'s TPC-B-like transactions per second with `clients` connections.
    private static func pgbenchRate(_ database: String, clients: Int, seconds: Double) throws -> Double {
        let output = try ChildProgram.run(
            [
                "pgbench", "-n", "-b", "tpcb-like", "-c", String(clients), "-j", String(min(clients, 2)), "-T",
                String(Int(seconds.rounded(.up))), database,
            ])
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let value = Double(line.dropFirst(6).prefix { $0 != " " })
        else { throw BenchError("pgbench printed no rate") }
        return value
    }

    /// Runs `body(client)` on `clients` threads until `seconds` pass; returns the units done per
    /// second over the wall time.
    private static func rate(clients: Int, seconds: Double, _ body: @escaping @Sendable (Int) throws -> Int) throws
        -> Double
    {
        let total = LockedValue(0)
        let failure = LockedValue<(any Error)?>(nil)
        let start = ContinuousClock.now
        let end = start.advanced(by: .milliseconds(Int(seconds * 1000)))
        DispatchQueue.concurrentPerform(iterations: clients) { client in
            do {
                while ContinuousClock.now < end {
                    let done = try body(client)
                    total.withLock { $0 += done }
                }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let elapsed = (ContinuousClock.now - start).components
        return Double(total.withLock { $0 }) / (Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }

    private static func vaultRates(_ connection: String, clients: Int, seconds: Double) throws -> (Double, Double) {
        let key = SymmetricKey(size: 256)
        let vaults = try (0..<clients).map { _ in
            try CardVault(
                store: PostgresVaultStore(connection: connection, poolSize: 1), keyring: VaultKeyring([1: key]),
                auditLog: AuditLogOptions(origin: "bench.example/vault"))
        }
        try vaults[0].createTenant("bench", policy: TokenPolicy(reuseExistingToken: true))
        let batches = LockedValue([Int](repeating: 0, count: clients))
        let firstTokens = LockedValue([[String]](repeating: [], count: clients))
        let tokenise = try rate(clients: clients, seconds: seconds) { client in
            let batch = batches.withLock { counts -> Int in
                counts[client] += 1
                return counts[client]
            }
            let cards = try (0..<batchSize).map { index in
                try Card(
                    pan: VaultBench.pan(client * 100_000_000 + batch * batchSize + index), expiryMonth: 12,
                    expiryYear: 2035)
            }
            let tokens = try vaults[client].tokenize(cards, tenant: "bench", actor: "bench")
            if batch == 1 { firstTokens.withLock { $0[client] = tokens } }
            return tokens.count
        }
        let pools = firstTokens.withLock { $0 }
        let detokenise = try rate(clients: clients, seconds: seconds) { client in
            try vaults[client].withDetokenizedPANs(pools[client], tenant: "bench", purpose: "bench", actor: "bench") {
                $0.count
            }
        }
        return (tokenise, detokenise)
    }

    private static func verifyRate(_ connection: String, clients: Int, seconds: Double) throws -> Double {
        let keys = try Suite.benchKeys()
        let authenticators = try (0..<clients).map { _ in
            try Suite.benchAuthenticator(PostgresAuthenticatorStore(connection: connection, poolSize: 1), keys: keys)
        }
        let codes = try (0..<clients).map { try Suite.enrolWithWrongCode(authenticators[0], user: "u\($0)") }
        return try rate(clients: clients, seconds: seconds) { client in
            do {
                _ = try authenticators[client].verify(user: "u\(client)", code: codes[client])
            } catch let error as OTPError where error.code == .verificationFailed {}
            return 1
        }
    }
}
