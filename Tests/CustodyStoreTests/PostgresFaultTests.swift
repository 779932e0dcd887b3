import CardVault
import Foundation
import Glibc
import TestSupport
import Testing
import WalletCrypto

@testable import CustodyStore

/// Faults on clusters of the tests' own (`scripts/postgres-test-cluster`), so killing a server
/// disturbs no other suite: client processes killed mid-transaction, the server stopped with
/// `-m immediate` (as a crash) under load and restarted, and a failover to a synchronous hot
/// standby. Clients run in child processes that tokenise in a loop and report every token only
/// after `tokenize` returned, so each report is a promise that the token is stored.
@Suite(
    "PostgreSQL faults", .enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason), .serialized)
struct PostgresFaultTests {
    static let secondsVariable = "WALLETCUSTODY_PG_PROBE_SECONDS"

    /// What the clients reported: tokens by PAN, and their error lines.
    struct Reports {
        var tokens: [String: Set<String>] = [:]
        var acknowledged: [(pan: String, token: String)] = []
        var errors: [String] = []
        /// Tokens stored after the last error of some client: it recovered by itself.
        var storedAfterAnError = false

        mutating func add(_ lines: [String]) {
            var sawError = false
            for line in lines {
                let fields = line.split(separator: " ", maxSplits: 2).map(String.init)
                if fields.first == "stored", fields.count == 3 {
                    tokens[fields[1], default: []].insert(fields[2])
                    acknowledged.append((fields[1], fields[2]))
                    if sawError { storedAfterAnError = true }
                } else if fields.first == "error" {
                    errors.append(line)
                    sawError = true
                }
            }
        }
    }

    /// A cluster folder the server's user can reach (not a private temporary folder).
    static func clusterFolder(_ name: String) -> String {
        "/tmp/wc-pg-\(name)-\(UInt32.random(in: 0...UInt32.max))"
    }

    static func startClients(_ count: Int, _ connection: String, folder: URL, seconds: Int) throws -> [ProbeProcess] {
        try (0..<count).map { _ in
            try ProbeProcess(
                "faultProbe", in: "PostgresFaultTests",
                [
                    PostgresProcessTests.connectionVariable: connection,
                    PostgresProcessTests.folderVariable: folder.path, Self.secondsVariable: String(seconds),
                ])
        }
    }

    /// Every acknowledged token detokenises to its PAN, no PAN has two tokens, and the log verifies.
    static func checkNothingLost(_ reports: Reports, vault: CardVault) throws {
        #expect(reports.acknowledged.count >= 20, "the clients stored only \(reports.acknowledged.count) tokens")
        #expect(reports.tokens.values.allSatisfy { $0.count == 1 }, "a PAN got two tokens")
        for start in stride(from: 0, to: reports.acknowledged.count, by: 500) {
            let chunk = reports.acknowledged[start..<min(start + 500, reports.acknowledged.count)]
            let pans = try vault.withDetokenizedPANs(
                chunk.map(\.token), tenant: "t1", purpose: "check", actor: "test"
            ) { $0.map { $0.withUnsafeDigits { String(decoding: $0, as: UTF8.self) } } }
            #expect(pans == chunk.map(\.pan), "an acknowledged token does not give back its PAN")
        }
        #expect(try vault.verifyAuditLog().size > 0)
    }

    @Test func killedClientsAndAServerCrashLoseNoAcknowledgedToken() throws {
        let cluster = Self.clusterFolder("crash")
        let connection = try PostgresTestServer.cluster("start", cluster)
        defer {
            _ = try? PostgresTestServer.cluster("stop", cluster)
            try? FileManager.default.removeItem(atPath: cluster)
        }
        try withTemporaryFolder("wc-pg-crash") { folder in
            let vault = try PostgresProcessTests.vault(connection, folder: folder)
            try vault.ensureTenant("t1")
            var reports = Reports()
            var clients = try Self.startClients(3, connection, folder: folder, seconds: 7)
            // Kill two clients in the middle of their loops, as crashed nodes, and start others.
            for _ in 0..<2 {
                usleep(700_000)
                clients[0].kill()
                reports.add(try clients[0].finish())
                clients[0] = try Self.startClients(1, connection, folder: folder, seconds: 6)[0]
            }
            // The server crashes under load and comes back a second later.
            try PostgresTestServer.cluster("kill", cluster)
            usleep(1_000_000)
            try PostgresTestServer.cluster("restart", cluster)
            for client in clients { reports.add(try client.finish()) }
            print("postgres-crash: \(reports.acknowledged.count) tokens, \(reports.errors.count) errors")
            #expect(!reports.errors.isEmpty, "no client noticed the outage")
            #expect(
                reports.errors.allSatisfy { $0.contains("unavailable") },
                "an error was not .unavailable: \(reports.errors)")
            #expect(reports.storedAfterAnError, "no client recovered after the outage without a restart")
            try Self.checkNothingLost(reports, vault: try PostgresProcessTests.vault(connection, folder: folder))
        }
    }

    @Test func failoverToTheSynchronousStandbyKeepsEveryAcknowledgedToken() throws {
        let primary = Self.clusterFolder("primary")
        let standby = Self.clusterFolder("standby")
        _ = try PostgresTestServer.cluster("start", primary)
        defer {
            for cluster in [primary, standby] {
                _ = try? PostgresTestServer.cluster("stop", cluster)
                try? FileManager.default.removeItem(atPath: cluster)
            }
        }
        let standbyConnection = try PostgresTestServer.cluster("standby", standby, primary)
        #expect(
            try PostgresTestServer.psql(
                "host=\(primary) user=\(Self.user(standbyConnection)) dbname=postgres", "SHOW synchronous_commit")
                == "remote_apply")
        // Both hosts; libpq takes the first that accepts writes.
        let connection =
            "host=\(primary),\(standby) port=5432,5432 user=\(Self.user(standbyConnection)) dbname=postgres "
            + "target_session_attrs=read-write connect_timeout=3"
        try withTemporaryFolder("wc-pg-failover") { folder in
            let vault = try PostgresProcessTests.vault(connection, folder: folder)
            try vault.ensureTenant("t1")
            let clients = try Self.startClients(2, connection, folder: folder, seconds: 8)
            usleep(2_500_000)
            try PostgresTestServer.cluster("kill", primary)
            usleep(500_000)
            try PostgresTestServer.cluster("promote", standby)
            var reports = Reports()
            for client in clients { reports.add(try client.finish()) }
            print("postgres-failover: \(reports.acknowledged.count) tokens, \(reports.errors.count) errors")
            #expect(reports.storedAfterAnError, "no client went on after the failover without a restart")
            // Read on the promoted standby alone.
            try Self.checkNothingLost(reports, vault: try PostgresProcessTests.vault(standbyConnection, folder: folder))
        }
    }

    /// The `user=` of a connection string the cluster script printed.
    static func user(_ connection: String) -> String {
        connection.split(separator: " ").first { $0.hasPrefix("user=") }.map { String($0.dropFirst(5)) } ?? "postgres"
    }

    /// Child side: tokenise random PANs of a pool of 200 for the given seconds, reporting each
    /// stored token and each error (then pausing briefly and going on, as a service would).
    @Test(.enabled(if: ProcessInfo.processInfo.environment[PostgresProcessTests.probeVariable] == "faultProbe"))
    func faultProbe() throws {
        let environment = ProcessInfo.processInfo.environment
        let connection = environment[PostgresProcessTests.connectionVariable]!
        let folder = URL(fileURLWithPath: environment[PostgresProcessTests.folderVariable]!)
        let end = Date().addingTimeInterval(Double(environment[Self.secondsVariable]!)!)
        let pans = PostgresProcessTests.pans(200)
        var vault: CardVault?
        while Date() < end {
            do {
                if vault == nil { vault = try PostgresProcessTests.vault(connection, folder: folder) }
                let pan = pans.randomElement()!
                let token = try vault!.tokenize(
                    try Card(pan: pan, expiryMonth: 12, expiryYear: 2030), tenant: "t1", actor: "node")
                ProbeProcess.say("stored \(pan) \(token)")
            } catch {
                ProbeProcess.say("error \(String(describing: error).split(separator: "\n").first ?? "")")
                usleep(100_000)
            }
        }
    }
}
