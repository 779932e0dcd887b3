import WalletCrypto

/// The one error type CustodyStore throws.
///
/// Security contract: `reason` carries the database's message and the failing statement's
/// purpose, never bound values or a connection string's password, so no secret, sealed blob or
/// card data reaches a log through it.
public struct StoreError: CodedError {
    /// A stable, comparable category for the error.
    public typealias Code = ErrorCode<StoreError>

    /// The category of this error.
    public let code: Code
    /// One sentence saying what failed. Never contains stored values.
    public let reason: String

    /// PostgreSQL's SQLSTATE, when the server reported the error (for the retry decisions of
    /// `PostgresDatabase`).
    let sqlState: String?
    /// The constraint the server named, for a constraint violation.
    let constraint: String?

    /// Creates an error with a code and a reason that must not contain stored values.
    public init(_ code: Code, _ reason: String) {
        self.init(code, reason, sqlState: nil)
    }

    init(_ code: Code, _ reason: String, sqlState: String?, constraint: String? = nil) {
        self.code = code
        self.reason = reason
        self.sqlState = sqlState
        self.constraint = constraint
    }

}

extension ErrorCode where Domain == StoreError {
    /// The database file cannot be opened or created.
    public static let cannotOpen = Self("cannotOpen")
    /// The database was written by a newer version of this library, or its schema is damaged.
    public static let incompatibleSchema = Self("incompatibleSchema")
    /// Another connection held the database for longer than the busy timeout.
    public static let busy = Self("busy")
    /// A stored row does not have the shape this library writes.
    public static let corruptRecord = Self("corruptRecord")
    /// SQLite reported any other failure.
    public static let sqliteFailure = Self("sqliteFailure")
    /// The database server cannot be reached, or the connection broke. The call may be retried
    /// once the server is back; a connection is made again on the next call. When it broke during
    /// a commit, the reason says the outcome is unknown.
    public static let unavailable = Self("unavailable")
    /// The server refused a transaction after the bounded retries of serialization failures and
    /// deadlocks (SQLSTATE 40001, 40P01), or, in a vault's token transactions, of unique keys a
    /// concurrent transaction wrote first (23505).
    public static let conflict = Self("conflict")
    /// PostgreSQL reported any other failure; the reason carries its SQLSTATE.
    public static let databaseFailure = Self("databaseFailure")
}
