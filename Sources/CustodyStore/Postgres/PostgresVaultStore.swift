import CardVault
import WalletCrypto

/// The card vault's tables in PostgreSQL, shared by every node of a service.
///
/// Security contract: as `VaultStore`, across processes and machines. A `transaction` holds the
/// vault's advisory lock exclusively until it commits, so it is isolated against every other
/// transaction on any node. A `tokenTransaction` holds it shared: token transactions run side by
/// side and meet only at the rows they write (`SQLVaultTransaction.transaction(_:shared:_:)`:
/// locked lookups by fingerprint, unique tokens and fingerprints, a retry of the loser), so two
/// tokenisations of one PAN still give one token; the audit log keeps one order under its own
/// lock, taken at the end of each transaction. A token reported as stored has been committed by
/// the server (durable as its `synchronous_commit` says; see `docs/deployment.md`). The server holds only sealed cards,
/// keyed fingerprints and the metadata PCI DSS allows; the connection string is never logged or
/// put in an error.
public final class PostgresVaultStore: VaultStore {
    private let database: PostgresDatabase

    /// Connects as `PostgresAuthenticatorStore.init(connection:poolSize:)` does and migrates the
    /// vault's schema. Throws `StoreError`.
    public init(connection: String, poolSize: Int = 4) throws {
        database = try PostgresDatabase(
            connection, poolSize: poolSize, component: SQLVaultTransaction.component,
            migrations: SQLVaultTransaction.migrations)
    }

    /// See `VaultStore.transaction`. `body` may run more than once.
    /// Throws `StoreError`.
    public func transaction<T>(_ body: (any VaultTransaction) throws -> T) throws -> T {
        try SQLVaultTransaction.transaction(database, shared: false, body)
    }

    /// See `VaultStore.tokenTransaction`. `body` may run more than once.
    /// Throws `StoreError`.
    public func tokenTransaction<T>(_ body: (any VaultTransaction) throws -> T) throws -> T {
        try SQLVaultTransaction.transaction(database, shared: true, body)
    }
}
