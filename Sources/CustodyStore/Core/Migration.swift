/// One step of a component's schema, applied once, in order, inside a transaction.
struct Migration: Sendable {
    /// Statements separated by semicolons; portable SQL, so a PostgreSQL store can share them.
    let statements: String
}
