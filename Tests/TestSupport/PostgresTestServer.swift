import Foundation
import Glibc
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

    /// Runs `scripts/postgres-test-cluster` with `arguments`; returns what it prints. Spawned
    /// and waited for directly: Foundation's `Process` was seen to wait forever for a script
    /// whose child (the server) outlives it.
    @discardableResult
    public static func cluster(_ arguments: String...) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "wc-pg-cluster-\(UInt64.random(in: 0...UInt64.max)).out"
        ).path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, output + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { try? FileManager.default.removeItem(atPath: output + ".err") }
        let argv = ([clusterScript] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, clusterScript, &actions, nil, argv, environ)
        guard spawned == 0 else { throw PeerFailure(description: "cannot run \(clusterScript): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let error = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
            throw PeerFailure(
                description:
                    "postgres-test-cluster \(arguments.joined(separator: " ")) failed (status \(status)): \(error)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
