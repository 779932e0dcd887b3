import WalletCrypto

/// Where a `CardVault` keeps tenants, tokens, key check values and the audit log: the seam between
/// the vault and a database (SQLite in `CustodyStore`).
///
/// Security contract: `transaction` is atomic, isolated against every other writer and durable when
/// it returns; a body that throws leaves nothing behind. The store sees only sealed data, keyed
/// fingerprints and the card metadata PCI DSS allows in the clear.
public protocol VaultStore: Sendable {
    /// Runs `body` in one write transaction and commits it durably, or rolls it back if `body` throws.
    /// Throws `VaultError`.
    func transaction<T>(_ body: (any VaultTransaction) throws -> T) throws -> T

    /// Runs `body`, which reads tenants and KEK check values but writes only token records and
    /// audit entries (tokenise, detokenise, delete, purge), as `transaction` does, except that a
    /// store may run several such transactions at once. It must still exclude every `transaction`
    /// (so tenants and keys do not change under `body`), keep the audit log in one order, and
    /// make concurrent token transactions serializable: a lookup by fingerprint waits for a
    /// concurrent writer of the rows it finds, and a second insert of one token, or of one
    /// tenant's fingerprint, makes its transaction run `body` again. The default is `transaction`.
    /// Throws `VaultError`.
    func tokenTransaction<T>(_ body: (any VaultTransaction) throws -> T) throws -> T
}

extension VaultStore {
    /// `transaction`: a store whose transactions all exclude each other (SQLite) needs no more.
    /// Throws `VaultError`.
    public func tokenTransaction<T>(_ body: (any VaultTransaction) throws -> T) throws -> T {
        try transaction(body)
    }
}

/// The operations available inside a `VaultStore` transaction, including the audit log's
/// (`AuditLogStorage`), so an operation and its audit entries commit together.
///
/// Security contract: as `VaultStore`; each call acts within the enclosing transaction.
public protocol VaultTransaction: AuditLogStorage {
    /// Key check values by KEK version.
    /// Throws `VaultError`.
    func kekCheckValues() throws -> [Int: [UInt8]]
    /// Records the check value of a new KEK version.
    /// Throws `VaultError`.
    func saveKEKCheckValue(_ value: [UInt8], version: Int) throws
    /// The tenant, or nil.
    /// Throws `VaultError`.
    func tenant(_ id: String) throws -> TenantRecord?
    /// Inserts or replaces a tenant.
    /// Throws `VaultError`.
    func saveTenant(_ tenant: TenantRecord) throws
    /// Up to `limit` tenants whose data key is wrapped under a KEK version below `version`.
    /// Throws `VaultError`.
    func tenants(withKEKVersionBelow version: Int, limit: Int) throws -> [TenantRecord]
    /// The record of `token`, or nil.
    /// Throws `VaultError`.
    func record(token: String) throws -> TokenRecord?
    /// The record with a tenant's PAN fingerprint, or nil.
    /// Throws `VaultError`.
    func record(tenant: String, fingerprint: [UInt8]) throws -> TokenRecord?
    /// Inserts a record; the token must be new.
    /// Throws `VaultError`.
    func insert(_ record: TokenRecord) throws
    /// Inserts records; every token must be new. One statement per chunk where the store can.
    /// Throws `VaultError`.
    func insert(_ records: [TokenRecord]) throws
    /// Replaces the stored record of `record.token` (a reissued card keeps its token) in place, so
    /// a concurrent transaction waiting on the row (`tokenTransaction`) then sees the new record,
    /// never a moment without one.
    /// Throws `VaultError`.
    func replace(_ record: TokenRecord) throws
    /// Deletes a record.
    /// Throws `VaultError`.
    func deleteRecord(token: String) throws
    /// Up to `limit` records that expired before `time`.
    /// Throws `VaultError`.
    func records(expiringBefore time: Int64, limit: Int) throws -> [TokenRecord]
    /// The record of each token, in the order given (nil where there is none): one query for a
    /// batch where the store can. Tokens are matched as bytes.
    /// Throws `VaultError`.
    func records(tokens: [String]) throws -> [TokenRecord?]
    /// The record with each of a tenant's fingerprints, in the order given (nil where there is
    /// none).
    /// Throws `VaultError`.
    func records(tenant: String, fingerprints: [[UInt8]]) throws -> [TokenRecord?]
}

extension VaultTransaction {
    /// `deleteRecord` then `insert`, for stores whose transactions all exclude each other.
    /// Throws `VaultError`.
    public func replace(_ record: TokenRecord) throws {
        try deleteRecord(token: record.token)
        try insert(record)
    }

    /// One `insert` per record, for stores without a batch insert.
    /// Throws `VaultError`.
    public func insert(_ records: [TokenRecord]) throws {
        for record in records { try insert(record) }
    }

    /// One `record(token:)` per token, for stores without a batch query.
    /// Throws `VaultError`.
    public func records(tokens: [String]) throws -> [TokenRecord?] {
        try tokens.map { try record(token: $0) }
    }

    /// One `record(tenant:fingerprint:)` per fingerprint, for stores without a batch query.
    /// Throws `VaultError`.
    public func records(tenant: String, fingerprints: [[UInt8]]) throws -> [TokenRecord?] {
        try fingerprints.map { try record(tenant: tenant, fingerprint: $0) }
    }
}
