internal import CSQLite
import Foundation
import Glibc

/// One SQLite database file: WAL journal, full fsync on every commit, per-component migrations,
/// and transactions serialised through one connection.
///
/// Every write runs in `BEGIN IMMEDIATE`, so a read-modify-write cannot interleave with another
/// writer, in this process (the mutex) or another one (SQLite's lock, waited for up to the busy
/// timeout). A transaction whose body throws is rolled back; a commit is durable on return.
final class SQLiteDatabase: @unchecked Sendable {
    // Only touched while `lock` is held, which is what makes the unchecked Sendable sound.
    private let connection: SQLiteConnection
    private let lock = NSLock()

    /// Opens or creates the file (mode 0600) and brings `component`'s schema up to date.
    init(path: String, component: String, migrations: [Migration]) throws(StoreError) {
        // Created owner-only before SQLite opens it; SQLite gives the -wal and -shm files the same mode.
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.cannotOpen, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        let opened = try SQLiteConnection(path: path)
        try opened.execute("PRAGMA journal_mode = WAL")
        try opened.execute("PRAGMA synchronous = FULL")
        try opened.execute("PRAGMA foreign_keys = ON")
        connection = opened
        try migrate(component, migrations)
    }

    /// Runs `body` in a write transaction and commits it, or rolls back if `body` throws.
    func transaction<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        try connection.execute("BEGIN IMMEDIATE")
        do {
            let result = try body(connection)
            try connection.execute("COMMIT")
            return result
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Applies the migrations `component` has not had yet, each in its own transaction.
    private func migrate(_ component: String, _ migrations: [Migration]) throws(StoreError) {
        do {
            try transaction { connection in
                try connection.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
                )
            }
            let applied = try transaction { connection in
                try connection.rows("SELECT version FROM schema_migrations WHERE component = ?", [.text(component)])
                    .first?.first?.integer ?? 0
            }
            guard applied <= migrations.count else {
                throw StoreError(
                    .incompatibleSchema,
                    "the \(component) schema is at version \(applied), newer than this library's \(migrations.count)")
            }
            for version in Int(applied)..<migrations.count {
                try transaction { connection in
                    if let refusal = migrations[version].refusal, try !connection.rows(refusal.query).isEmpty {
                        throw StoreError(.incompatibleSchema, refusal.reason)
                    }
                    try connection.execute(migrations[version].statements)
                    try connection.execute(
                        "INSERT INTO schema_migrations (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                        [.text(component), .integer(Int64(version + 1))])
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.sqliteFailure, "migrating the \(component) schema failed: \(error)")
        }
    }
}
