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

    /// The rows `sql` returns, each as its column values.
    func rows(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> [[SQLValue]]

    /// Holds a lock named `key` until the transaction ends. Two transactions holding the same key
    /// never overlap unless both hold it `shared`. SQLite's write transactions already exclude
    /// each other, so there it does nothing; PostgreSQL takes a transaction-level advisory lock.
    func lock(_ key: String, shared: Bool) throws(StoreError)
}

extension SQLConnection {
    /// `execute(_:_:)` with no values.
    func execute(_ sql: String) throws(StoreError) { try execute(sql, []) }

    /// `rows(_:_:)` with no values.
    func rows(_ sql: String) throws(StoreError) -> [[SQLValue]] { try rows(sql, []) }

    /// An exclusive `lock(_:shared:)`.
    func lock(_ key: String) throws(StoreError) { try lock(key, shared: false) }

    /// The rows of `sql`, which ends with the column to match (`… WHERE tenant = ? AND
    /// fingerprint`), whose column equals one of `keys`; `values` bind before the keys, and
    /// `suffix` (such as an `ORDER BY` and `dialect.locking(_:)`) follows. SQLite runs one `IN (?, …)` per chunk of
    /// `SQLBatch`. PostgreSQL binds the whole batch as one array (`= ANY(?)`): one statement, and
    /// a plan that probes the index for each key whatever the table's statistics say (an `IN`
    /// list planned from the statistics of a table that had just grown scanned every row of the
    /// tenant instead).
    func rows(_ sql: String, _ values: [SQLValue], anyOf keys: [SQLValue], then suffix: String = "")
        throws(StoreError) -> [[SQLValue]]
    {
        guard !keys.isEmpty else { return [] }
        switch dialect {
        case .postgres:
            return try rows(sql + " = ANY(?)" + suffix, values + [.list(keys)])
        case .sqlite:
            var found: [[SQLValue]] = []
            for chunk in SQLBatch.chunks(keys.count) {
                found += try rows(
                    sql + " IN (\(SQLBatch.placeholders(chunk.count)))" + suffix, values + keys[chunk])
            }
            return found
        }
    }
}
