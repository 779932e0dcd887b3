/// The two databases a store runs on, and how the portable schema maps onto each.
enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// The clause that makes a query lock the rows it returns until the transaction ends, so a
    /// concurrent writer of those rows waits: `FOR UPDATE` on PostgreSQL; nothing on SQLite,
    /// whose write transactions already exclude each other.
    var lockRows: String {
        switch self {
        case .sqlite: ""
        case .postgres: " FOR UPDATE"
        }
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
