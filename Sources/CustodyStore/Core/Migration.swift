/// One step of a component's schema, applied once, in order, inside a transaction.
struct Migration: Sendable {
    /// A query that, when it returns a row, means the step cannot be applied to this database.
    struct Refusal: Sendable {
        /// Portable SQL returning a row when the database must be refused.
        let query: String
        /// Why, for `StoreError.incompatibleSchema`.
        let reason: String
    }

    /// Statements separated by semicolons; portable SQL, so a PostgreSQL store can share them.
    let statements: String
    /// Checked before the statements run.
    var refusal: Refusal? = nil
}
