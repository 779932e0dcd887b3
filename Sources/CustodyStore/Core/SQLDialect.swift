/// The two databases a store runs on, and how the portable schema maps onto each.
enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// How a query locks the rows it returns until the transaction ends, by what the transaction
    /// will do with them. The modes are PostgreSQL's; they are chosen so that only the pairs that
    /// must be ordered wait for each other (a delete and anything else; two updates), and readers
    /// never wait for an update that keeps the keys.
    enum RowLock {
        /// The rows will be deleted: `FOR UPDATE`, which every other lock waits for.
        case delete
        /// The rows will be updated in place with their keys unchanged: `FOR NO KEY UPDATE`.
        case update
        /// The rows are read and must not be deleted before this transaction commits: `FOR KEY
        /// SHARE`, which waits only for a delete (or a change of key).
        case keyShare
    }

    /// The clause that takes `lock` on the rows a query returns; with `skippingLocked`, rows
    /// another transaction holds are left out instead of waited for. Nothing on SQLite, whose
    /// write transactions already exclude each other.
    func locking(_ lock: RowLock, skippingLocked: Bool = false) -> String {
        guard self == .postgres else { return "" }
        let clause =
            switch lock {
            case .delete: " FOR UPDATE"
            case .update: " FOR NO KEY UPDATE"
            case .keyShare: " FOR KEY SHARE"
            }
        return clause + (skippingLocked ? " SKIP LOCKED" : "")
    }

    /// `schema` written with SQLite's types, as this dialect's DDL. PostgreSQL gets `BIGINT` for
    /// `INTEGER` (every stored integer is 64-bit), `BYTEA` for `BLOB`, and byte-order text
    /// (`COLLATE "C"`), so identifiers sort and compare as bytes, as SQLite's `BINARY` does.
    func schema(_ schema: String) -> String {
        switch self {
        case .sqlite: schema
        case .postgres:
            schema.replacingOccurrences(of: " INTEGER", with: " BIGINT")
                .replacingOccurrences(of: " BLOB", with: " BYTEA")
                .replacingOccurrences(of: " TEXT", with: " TEXT COLLATE \"C\"")
        }
    }
}
