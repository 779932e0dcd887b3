import CardVault
import WalletCrypto

/// The card vault's tables in PostgreSQL, shared by every node of a service.
///
/// Security contract: as `VaultStore`, across processes and machines. Every transaction holds
/// the vault's advisory lock until it commits, so it is isolated against every other writer on
/// any node (concurrent tokenisations of one PAN see each other's rows; the audit log has one
/// order), and a token reported as stored has been committed by the server (durable as its
/// `synchronous_commit` says; see `docs/deployment.md`). The server holds only sealed cards,
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
        try SQLVaultTransaction.transaction(database, body)
    }
}
