import OneTimePassword
import WalletCrypto

/// The `Authenticator`'s per-user state in PostgreSQL, shared by every node of a service.
///
/// Security contract: as `AuthenticatorStore`, across processes and machines. Each
/// `updateFactor` holds a per-user advisory lock from before it reads the record until it
/// commits, so two nodes verifying one code for one user run one after the other and exactly
/// one succeeds; audit appends hold the log's lock, so the log has one order. A call returns
/// after the server's `COMMIT` (durable as its `synchronous_commit` says; see
/// `docs/deployment.md`). Rows hold only sealed secrets and keyed hashes; the connection string
/// is never logged or put in an error.
public final class PostgresAuthenticatorStore: AuthenticatorStore {
    private let tables: AuthenticatorTables

    /// Connects with a libpq connection string (`host=... dbname=... sslmode=verify-full`, or a
    /// `postgresql://` URI, several hosts allowed with `target_session_attrs=read-write`), keeps
    /// up to `poolSize` connections, and migrates the schema (safe when several nodes start at
    /// once). Throws `StoreError` (`.unavailable` when the server cannot be reached).
    public init(connection: String, poolSize: Int = 4) throws {
        tables = AuthenticatorTables(
            database: try PostgresDatabase(
                connection, poolSize: poolSize, component: AuthenticatorTables.component,
                migrations: AuthenticatorTables.migrations))
    }

    /// See `AuthenticatorStore.updateFactor(of:auditing:)`. `body` may run more than once.
    /// Throws `StoreError`.
    public func updateFactor<T>(
        of user: String, auditing body: (inout OTPFactorRecord?, any AuditLogStorage) throws -> T
    ) throws -> T {
        try tables.updateFactor(of: user, auditing: body)
    }

    /// See `AuthenticatorStore.withAuditLog`.
    /// Throws `StoreError`.
    public func withAuditLog<T>(_ body: (any AuditLogStorage) throws -> T) throws -> T {
        try tables.withAuditLog(body)
    }

    /// See `AuthenticatorStore.users(withKeyVersionOtherThan:limit:)`.
    /// Throws `StoreError`.
    public func users(withKeyVersionOtherThan version: Int, limit: Int) throws -> [String] {
        try tables.users(withKeyVersionOtherThan: version, limit: limit)
    }
}
