/// A database that runs transactions on an `SQLConnection`: one SQLite file, or a pool of
/// PostgreSQL connections.
///
/// Contract: `transaction` commits durably before it returns, or rolls back when `body` throws.
/// `body` may run more than once (PostgreSQL re-runs it after a serialization failure or a
/// deadlock), so it must have no effect outside the connection that a second run would not undo.
protocol SQLDatabase: Sendable {
    /// Runs `body` in one transaction and commits it. A violation of one of the unique
    /// `constraints` is taken as a concurrent writer of the same key, and `body` runs again, as
    /// after a serialization failure; any other violation is an error.
    func transaction<T>(retryingUniqueViolationsOf constraints: [String], _ body: (any SQLConnection) throws -> T)
        throws -> T
}

extension SQLDatabase {
    /// `transaction(retryingUniqueViolationsOf:_:)` where every unique violation is an error.
    func transaction<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction(retryingUniqueViolationsOf: [], body)
    }
}
