import Foundation

/// A small pool of PostgreSQL connections that runs transactions with a bounded retry.
///
/// Each transaction runs at READ COMMITTED; the stores take explicit locks (`SQLConnection.lock`)
/// where a read-modify-write must not interleave, so the usual path never aborts. A
/// serialization failure or deadlock (SQLSTATE 40001, 40P01) rolls back and re-runs the whole
/// body, up to `maximumAttempts` times with a growing random pause. A broken connection is
/// dropped; a transaction that met a broken connection before sending `COMMIT` (nothing was
/// committed) runs again on a new connection, so a client recovers after an outage or a
/// failover without a restart, and a call made while the server is down gets `.unavailable`.
///
/// Durability is the server's: a transaction is committed when `COMMIT` returns, with the
/// server's `synchronous_commit` setting deciding whether that includes a standby
/// (`docs/deployment.md`).
final class PostgresDatabase: SQLDatabase, @unchecked Sendable {
    private let connectionString: String
    private let size: Int
    // Guarded by `condition`, which is what makes the unchecked Sendable sound.
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0

    /// Attempts of one transaction before `.conflict` is thrown.
    static let maximumAttempts = 8

    /// Connects once (so a wrong connection string fails here, not at the first call) and brings
    /// `component`'s schema up to date.
    init(_ connectionString: String, poolSize: Int, component: String, migrations: [Migration]) throws(StoreError) {
        guard poolSize >= 1 else { throw StoreError(.cannotOpen, "the pool needs at least one connection") }
        self.connectionString = connectionString
        size = poolSize
        let first = try PostgresConnection(connectionString)
        idle.append(first)
        open = 1
        try Migration.apply(migrations, component: component, to: self)
    }

    /// See `SQLDatabase`: a unique violation (23505) is retried only for the constraints named, by
    /// transactions that run side by side and meet a concurrent writer of the same key that way
    /// (`VaultStore.tokenTransaction`); a violation of any other constraint is a bug, not a race.
    func transaction<T>(retryingUniqueViolationsOf constraints: [String], _ body: (any SQLConnection) throws -> T)
        throws -> T
    {
        var attempt = 1
        while true {
            let connection = try take()
            var committing = false
            do {
                try connection.execute("BEGIN")
                connection.pipelining = true
                let result = try body(connection)
                connection.pipelining = false
                try connection.flush()
                committing = true
                try connection.execute("COMMIT")
                give(connection)
                return result
            } catch {
                connection.pipelining = false
                try? connection.flush()
                if connection.isUsable && connection.inTransaction { try? connection.execute("ROLLBACK") }
                give(connection)
                if committing, let failure = error as? StoreError, failure.code == .unavailable {
                    throw StoreError(
                        .unavailable,
                        "the connection broke during COMMIT, so whether it committed is unknown: \(failure.reason)")
                }
                // A connection that broke before COMMIT was sent committed nothing (say an idle
                // one the server dropped while it restarted): run the body again on a new one.
                guard let failure = error as? StoreError,
                    failure.code == .conflict || (failure.code == .unavailable && !connection.isUsable)
                        || (failure.sqlState == "23505"
                            && constraints.contains { $0.utf8.elementsEqual((failure.constraint ?? "").utf8) })
                else { throw error }
                guard attempt < Self.maximumAttempts else {
                    throw failure.sqlState == "23505"
                        ? StoreError(
                            .conflict, "concurrent transactions kept writing the same keys: \(failure.reason)",
                            sqlState: failure.sqlState) : failure
                }
                attempt += 1
                // Up to 2^attempt ms, random, so the transactions that collided do not collide again.
                usleep(UInt32.random(in: 0...(1000 << min(attempt, 8))))
            }
        }
    }

    /// An idle connection, a new one while the pool has room, or the next one given back.
    private func take() throws(StoreError) -> PostgresConnection {
        condition.lock()
        while idle.isEmpty && open >= size { condition.wait() }
        if let connection = idle.popLast() {
            condition.unlock()
            return connection
        }
        open += 1
        condition.unlock()
        do {
            return try PostgresConnection(connectionString)
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    /// Returns a connection to the pool, or drops it when it broke.
    private func give(_ connection: PostgresConnection) {
        condition.lock()
        if connection.isUsable && !connection.inTransaction {
            idle.append(connection)
        } else {
            open -= 1
        }
        condition.signal()
        condition.unlock()
    }
}
