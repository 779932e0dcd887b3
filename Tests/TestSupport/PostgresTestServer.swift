import Foundation
import Testing

/// The PostgreSQL server the tests may use: the libpq connection string in
/// `WALLETCUSTODY_TEST_POSTGRES` (set by `scripts/test` and `.ci/run`, which start a throwaway
/// cluster with `scripts/postgres-test-cluster`). Without it the PostgreSQL suites are skipped,
/// and say so in the test report.
public enum PostgresTestServer {
    /// The environment variable holding the connection string.
    public static let variable = "WALLETCUSTODY_TEST_POSTGRES"

    /// The admin connection string, or nil when no server was given.
    public static var connection: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the PostgreSQL suites run.
    public static var isAvailable: Bool { connection != nil }

    /// Why they are skipped, for `.enabled(if:_:)`.
    public static let skipReason: Comment =
        "SKIPPED: \(variable) is not set, so no PostgreSQL test ran (scripts/test starts a server and sets it)"

    /// A new empty database on the server, named after `label`; returns its connection string.
    public static func database(_ label: String) throws -> String {
        guard let connection else { throw PeerFailure(description: "\(variable) is not set") }
        let name = "wc_\(label)_\(UInt64.random(in: 0...UInt64.max))"
        try psql(connection, "CREATE DATABASE \(name)")
        return connection + " dbname=\(name)"
    }

    /// Runs one SQL command with `psql` on `connection`.
    @discardableResult
    public static func psql(_ connection: String, _ sql: String) throws -> String {
        try runPeer(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", connection, "-c", sql])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `scripts/postgres-test-cluster` in this package.
    public static var clusterScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/postgres-test-cluster").path
    }

    /// Runs `scripts/postgres-test-cluster` with `arguments`; returns what it prints.
    @discardableResult
    public static func cluster(_ arguments: String...) throws -> String {
        try runPeer([clusterScript] + arguments).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
