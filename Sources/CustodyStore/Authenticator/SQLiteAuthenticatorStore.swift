import OneTimePassword
import WalletCrypto

/// The `Authenticator`'s per-user state in an SQLite file.
///
/// Security contract: each `updateFactor` is one `BEGIN IMMEDIATE` transaction committed with a
/// full fsync, so concurrent verifications of one code see each other's recorded step and at most
/// one succeeds, and replay, throttling, lockout and recovery-code use survive a restart or crash.
/// Rows hold only sealed secrets and keyed hashes.
public final class SQLiteAuthenticatorStore: AuthenticatorStore {
    private let tables: AuthenticatorTables

    /// Opens or creates the store at `path` (mode 0600) and migrates its schema.
    /// Throws `StoreError`.
    public init(path: String) throws {
        tables = AuthenticatorTables(
            database: try SQLiteDatabase(
                path: path, component: AuthenticatorTables.component, migrations: AuthenticatorTables.migrations))
    }

    /// See `AuthenticatorStore.updateFactor(of:auditing:)`.
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
