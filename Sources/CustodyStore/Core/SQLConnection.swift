/// One database connection inside a transaction: the seam that lets the Authenticator's, the
/// vault's and the audit log's SQL be written once for SQLite and PostgreSQL.
///
/// SQL is written with `?` placeholders and the types of `SQLDialect`'s portable subset; a
/// PostgreSQL connection numbers the placeholders itself.
protocol SQLConnection: AnyObject {
    /// Which database this is, for the few statements that differ.
    var dialect: SQLDialect { get }

    /// Runs `sql` (one or more statements) with no bound values, or one statement with `values`.
    func execute(_ sql: String, _ values: [SQLValue]) throws(StoreError)

    /// The rows `sql` returns, each as its column values. With `planEachTime`, PostgreSQL plans
    /// the query for these values instead of reusing a generic plan: for a batch lookup whose
    /// generic plan, made while the table was small, scans every row of a tenant.
    func rows(_ sql: String, _ values: [SQLValue], planEachTime: Bool) throws(StoreError) -> [[SQLValue]]

    /// Holds a lock named `key` until the transaction ends. Two transactions holding the same key
    /// never overlap. SQLite's write transactions already exclude each other, so there it does
    /// nothing; PostgreSQL takes a transaction-level advisory lock.
    func lock(_ key: String) throws(StoreError)
}

extension SQLConnection {
    /// `execute(_:_:)` with no values.
    func execute(_ sql: String) throws(StoreError) { try execute(sql, []) }

    /// `rows(_:_:planEachTime:)` with the plan reused.
    func rows(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> [[SQLValue]] {
        try rows(sql, values, planEachTime: false)
    }

    /// `rows(_:_:planEachTime:)` with no values.
    func rows(_ sql: String) throws(StoreError) -> [[SQLValue]] { try rows(sql, [], planEachTime: false) }
}
