internal import CSQLite
import Foundation
import Glibc

/// One SQLite database file: WAL journal, full fsync on every commit, per-component migrations,
/// and transactions serialised through one connection.
///
/// Every write runs in `BEGIN IMMEDIATE`, so a read-modify-write cannot interleave with another
/// writer, in this process (the mutex) or another one (SQLite's lock, waited for up to the busy
/// timeout). A transaction whose body throws is rolled back; a commit is durable on return.
final class SQLiteDatabase: SQLDatabase, @unchecked Sendable {
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
        try Migration.apply(migrations, component: component, to: self)
    }

    /// Runs `body` in a write transaction and commits it, or rolls back if `body` throws. Write
    /// transactions never overlap here, so no unique violation comes from a concurrent one.
    func transaction<T>(retryingUniqueViolationsOf constraints: [String], _ body: (any SQLConnection) throws -> T)
        throws -> T
    {
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
}
