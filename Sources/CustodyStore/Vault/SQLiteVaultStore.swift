import CardVault
import WalletCrypto

/// The card vault's tables in an SQLite file.
///
/// Security contract: each `transaction` is one `BEGIN IMMEDIATE` transaction committed with a full
/// fsync in WAL mode, so a token reported as stored survives a crash, concurrent tokenisations of
/// one PAN see each other's rows, and an audit entry is durable before the PAN it covers is
/// decrypted. The file is created owner-only and holds only sealed cards, keyed fingerprints and
/// the metadata PCI DSS allows.
public final class SQLiteVaultStore: VaultStore {
    private let database: SQLiteDatabase

    /// Opens or creates the store at `path` (mode 0600) and migrates its schema.
    /// Throws `StoreError`.
    public init(path: String) throws {
        database = try SQLiteDatabase(
            path: path, component: SQLVaultTransaction.component, migrations: SQLVaultTransaction.migrations)
    }

    /// See `VaultStore.transaction`.
    /// Throws `StoreError`.
    public func transaction<T>(_ body: (any VaultTransaction) throws -> T) throws -> T {
        try SQLVaultTransaction.transaction(database, shared: false, body)
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    /// Throws `StoreError`.
    public func integrityCheck() throws -> String {
        try database.transaction { try $0.rows("PRAGMA integrity_check").first?.first?.text ?? "" }
    }
}
