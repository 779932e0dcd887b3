/// One step of a component's schema, applied once, in order, inside a transaction.
struct Migration: Sendable {
    /// A query that, when it returns a row, means the step cannot be applied to this database.
    struct Refusal: Sendable {
        /// Portable SQL returning a row when the database must be refused.
        let query: String
        /// Why, for `StoreError.incompatibleSchema`.
        let reason: String
    }

    /// Statements separated by semicolons, in the portable subset `SQLDialect.schema` maps.
    let statements: String
    /// Checked before the statements run.
    var refusal: Refusal? = nil

    /// Applies the steps `component` has not had yet, each in its own transaction. Each
    /// transaction first takes the migration lock, so two nodes starting at once apply each step
    /// once: the second waits, then reads the version the first wrote.
    static func apply(_ migrations: [Migration], component: String, to database: any SQLDatabase)
        throws(StoreError)
    {
        do {
            var finished = false
            while !finished {
                finished = try database.transaction { connection in
                    try connection.lock("schema_migrations")
                    try connection.execute(
                        connection.dialect.schema(
                            "CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
                        ))
                    let applied =
                        try connection.rows(
                            "SELECT version FROM schema_migrations WHERE component = ?", [.text(component)]
                        ).first?.first?.integer ?? 0
                    guard applied <= migrations.count else {
                        throw StoreError(
                            .incompatibleSchema,
                            "the \(component) schema is at version \(applied), newer than this library's \(migrations.count)"
                        )
                    }
                    guard applied < migrations.count else { return true }
                    let step = migrations[Int(applied)]
                    if let refusal = step.refusal, try !connection.rows(refusal.query).isEmpty {
                        throw StoreError(.incompatibleSchema, refusal.reason)
                    }
                    try connection.execute(connection.dialect.schema(step.statements))
                    try connection.execute(
                        "INSERT INTO schema_migrations (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                        [.text(component), .integer(applied + 1)])
                    return false
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.databaseFailure, "migrating the \(component) schema failed: \(error)")
        }
    }
}
