/// A database that runs transactions on an `SQLConnection`: one SQLite file, or a pool of
/// PostgreSQL connections.
///
/// Contract: `transaction` commits durably before it returns, or rolls back when `body` throws.
/// `body` may run more than once (PostgreSQL re-runs it after a serialization failure or a
/// deadlock), so it must have no effect outside the connection that a second run would not undo.
protocol SQLDatabase: Sendable {
    /// Runs `body` in one transaction and commits it. With `retryingUniqueViolations`, a unique
    /// violation is taken as a concurrent writer of the same key and `body` runs again, as after
    /// a serialization failure.
    func transaction<T>(retryingUniqueViolations: Bool, _ body: (any SQLConnection) throws -> T) throws -> T
}

extension SQLDatabase {
    /// `transaction(retryingUniqueViolations:_:)` where a unique violation is an error.
    func transaction<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction(retryingUniqueViolations: false, body)
    }
}
