import CardVault
import WalletCrypto

/// The vault's tables and queries on one connection inside a transaction, written once for every
/// `SQLDatabase` (SQLite and PostgreSQL).
struct SQLVaultTransaction: VaultTransaction {
    static let component = "vault"

    static let migrations = [
        Migration(
            statements: """
                CREATE TABLE vault_kek (version INTEGER PRIMARY KEY, check_value BLOB NOT NULL);
                CREATE TABLE vault_tenants (
                    id TEXT PRIMARY KEY,
                    reuse_tokens INTEGER NOT NULL,
                    keep_first_six INTEGER NOT NULL,
                    format TEXT NOT NULL,
                    wrapped_key BLOB,
                    kek_version INTEGER NOT NULL
                );
                CREATE INDEX vault_tenants_kek ON vault_tenants (kek_version);
                CREATE TABLE vault_tokens (
                    token TEXT PRIMARY KEY,
                    tenant TEXT NOT NULL REFERENCES vault_tenants (id),
                    sealed BLOB NOT NULL,
                    data_key_version INTEGER NOT NULL,
                    fingerprint BLOB,
                    brand TEXT NOT NULL,
                    length INTEGER NOT NULL,
                    first_six TEXT,
                    last_four TEXT NOT NULL,
                    expiry_month INTEGER NOT NULL,
                    expiry_year INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX vault_tokens_fingerprint ON vault_tokens (tenant, fingerprint)
                    WHERE fingerprint IS NOT NULL;
                CREATE INDEX vault_tokens_expiry ON vault_tokens (expires_at);
                CREATE TABLE vault_audit (
                    sequence INTEGER PRIMARY KEY,
                    time INTEGER NOT NULL,
                    tenant TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    token TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    previous_hash BLOB NOT NULL,
                    hash BLOB NOT NULL
                );
                """),
        // Record format 2 (every stored field authenticated) and the keyed audit log (issue 12).
        // Format-1 records cannot be read by this version, so a vault holding any is refused.
        Migration(
            statements: "DROP TABLE vault_audit;\n" + SQLAuditLogStorage.schema(prefix: "vault"),
            refusal: Migration.Refusal(
                query: "SELECT 1 FROM vault_tokens LIMIT 1",
                reason: "the vault holds format-1 records, which this version cannot read; re-tokenise into a new vault"
            )),
    ]

    /// Runs `body` in one transaction of `database` holding the vault's lock, on any number of
    /// connections or nodes. Exclusive, as `VaultStore.transaction` requires, it is isolated
    /// against every other transaction. Shared, as `VaultStore.tokenTransaction` allows, it
    /// excludes only the exclusive ones (tenants and KEKs cannot change under it), and token
    /// transactions meet only at the rows they touch: every lookup locks the rows it finds for
    /// what will be done with them (`SQLDialect.RowLock`), and a second insert of a token or of a
    /// tenant's fingerprint waits for the first and, when that commits, fails with a unique
    /// violation of `uniqueTokenKeys`, which `PostgresDatabase` retries with the whole body
    /// (which then finds the row).
    static func transaction<T>(_ database: any SQLDatabase, shared: Bool, _ body: (any VaultTransaction) throws -> T)
        throws -> T
    {
        try database.transaction(retryingUniqueViolationsOf: shared ? uniqueTokenKeys : []) { connection in
            try connection.lock("vault", shared: shared)
            return try body(SQLVaultTransaction(connection: connection))
        }
    }

    /// The unique indexes two token transactions meet in when they insert the same token or the
    /// same tenant's fingerprint: a violation of these is a race to retry, not a bug.
    static let uniqueTokenKeys = ["vault_tokens_pkey", "vault_tokens_fingerprint"]

    let connection: any SQLConnection
    var audit: SQLAuditLogStorage { SQLAuditLogStorage(connection: connection, prefix: "vault") }

    func kekCheckValues() throws -> [Int: [UInt8]] {
        var values: [Int: [UInt8]] = [:]
        for row in try connection.rows("SELECT version, check_value FROM vault_kek") {
            guard let version = row[0].integer, let value = row[1].blob else { throw Self.corrupt("KEK") }
            values[Int(version)] = value
        }
        return values
    }

    func saveKEKCheckValue(_ value: [UInt8], version: Int) throws {
        try connection.execute(
            "INSERT INTO vault_kek (version, check_value) VALUES (?, ?)", [.integer(Int64(version)), .blob(value)])
    }

    func tenant(_ id: String) throws -> TenantRecord? {
        try connection.rows(
            "SELECT id, reuse_tokens, keep_first_six, format, wrapped_key, kek_version FROM vault_tenants WHERE id = ?",
            [.text(id)]
        ).first.map(Self.tenant)
    }

    func saveTenant(_ tenant: TenantRecord) throws {
        try connection.execute(
            """
            INSERT INTO vault_tenants (id, reuse_tokens, keep_first_six, format, wrapped_key, kek_version)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET reuse_tokens = excluded.reuse_tokens,
                keep_first_six = excluded.keep_first_six, format = excluded.format,
                wrapped_key = excluded.wrapped_key, kek_version = excluded.kek_version
            """,
            [
                .text(tenant.id), .integer(tenant.policy.reuseExistingToken ? 1 : 0),
                .integer(tenant.policy.keepFirstSix ? 1 : 0), .text(tenant.policy.format.rawValue),
                tenant.wrappedDataKey.map(SQLValue.blob) ?? .null, .integer(Int64(tenant.kekVersion)),
            ])
    }

    func tenants(withKEKVersionBelow version: Int, limit: Int) throws -> [TenantRecord] {
        try connection.rows(
            """
            SELECT id, reuse_tokens, keep_first_six, format, wrapped_key, kek_version FROM vault_tenants
            WHERE kek_version < ? ORDER BY id LIMIT ?
            """, [.integer(Int64(version)), .integer(Int64(limit))]
        ).map(Self.tenant)
    }

    /// The columns `record(_:)` reads, in its order.
    private static let selectRecord = """
        SELECT token, tenant, sealed, data_key_version, fingerprint, brand, length, first_six, last_four,
            expiry_month, expiry_year, expires_at, created_at FROM vault_tokens
        """

    /// Locks the row it finds for a delete (`SQLDialect.RowLock`): a delete decides on it.
    func record(token: String) throws -> TokenRecord? {
        try connection.rows(
            Self.selectRecord + " WHERE token = ?" + connection.dialect.locking(.delete), [.text(token)]
        ).first.map(Self.record)
    }

    /// Locks the row it finds for an update: the lookup decides whether a tokenisation reissues
    /// the row in place or inserts one.
    func record(tenant: String, fingerprint: [UInt8]) throws -> TokenRecord? {
        try connection.rows(
            Self.selectRecord + " WHERE tenant = ? AND fingerprint = ?" + connection.dialect.locking(.update),
            [.text(tenant), .blob(fingerprint)]
        ).first.map(Self.record)
    }

    /// Locks the rows it finds against a delete, in token order (so two batches lock shared rows
    /// in one order): a detokenisation that read a row commits before a delete of it, and its
    /// audit entry comes first. A tokenisation's check that its proposed tokens are free finds
    /// no rows and locks nothing.
    func records(tokens: [String]) throws -> [TokenRecord?] {
        var found: [[UInt8]: TokenRecord] = [:]
        let rows = try connection.rows(
            Self.selectRecord + " WHERE token", [], anyOf: tokens.map(SQLValue.text),
            then: " ORDER BY token" + connection.dialect.locking(.keyShare))
        for row in rows {
            let record = try Self.record(row)
            found[Array(record.token.utf8)] = record
        }
        return tokens.map { found[Array($0.utf8)] }
    }

    /// Locks the rows it finds for an update, as `record(tenant:fingerprint:)` does, in
    /// fingerprint order (the order inserts take too), so two batches sharing cards wait for
    /// each other in one order instead of deadlocking.
    func records(tenant: String, fingerprints: [[UInt8]]) throws -> [TokenRecord?] {
        var found: [[UInt8]: TokenRecord] = [:]
        // `IS NOT NULL` spelled out lets the planner use the partial index on (tenant, fingerprint).
        let rows = try connection.rows(
            Self.selectRecord + " WHERE tenant = ? AND fingerprint IS NOT NULL AND fingerprint", [.text(tenant)],
            anyOf: fingerprints.map(SQLValue.blob), then: " ORDER BY fingerprint" + connection.dialect.locking(.update))
        for row in rows {
            let record = try Self.record(row)
            if let fingerprint = record.fingerprint { found[fingerprint] = record }
        }
        return fingerprints.map { found[$0] }
    }

    func insert(_ record: TokenRecord) throws { try insert([record]) }

    /// Inserts in fingerprint order, then token order: two batches that share cards then wait for
    /// each other's uncommitted rows in one order, and do not deadlock.
    func insert(_ records: [TokenRecord]) throws {
        let records = records.sorted { first, second in
            let (a, b) = (first.fingerprint ?? [], second.fingerprint ?? [])
            return a == b
                ? first.token.utf8.lexicographicallyPrecedes(second.token.utf8) : a.lexicographicallyPrecedes(b)
        }
        for chunk in SQLBatch.chunks(records.count) {
            let rows = Array(repeating: "(\(SQLBatch.placeholders(13)))", count: chunk.count).joined(separator: ", ")
            try connection.execute(
                "INSERT INTO vault_tokens (\(Self.columns.joined(separator: ", "))) VALUES \(rows)",
                records[chunk].flatMap(Self.values))
        }
    }

    /// One `UPDATE` of every column but the token.
    func replace(_ record: TokenRecord) throws {
        try connection.execute(
            "UPDATE vault_tokens SET \(Self.columns.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")) WHERE token = ?",
            Self.values(record).dropFirst() + [.text(record.token)])
    }

    /// The columns a record is written to, token first, in the order of `values(_:)`.
    private static let columns = [
        "token", "tenant", "sealed", "data_key_version", "fingerprint", "brand", "length", "first_six", "last_four",
        "expiry_month", "expiry_year", "expires_at", "created_at",
    ]

    private static func values(_ record: TokenRecord) -> [SQLValue] {
        [
            .text(record.token), .text(record.tenant), .blob(record.sealed), .integer(Int64(record.dataKeyVersion)),
            record.fingerprint.map(SQLValue.blob) ?? .null, .text(record.brand.rawValue),
            .integer(Int64(record.length)), record.firstSix.map(SQLValue.text) ?? .null, .text(record.lastFour),
            .integer(Int64(record.expiry.month)), .integer(Int64(record.expiry.year)), .integer(record.expiresAt),
            .integer(record.createdAt),
        ]
    }

    func deleteRecord(token: String) throws {
        try connection.execute("DELETE FROM vault_tokens WHERE token = ?", [.text(token)])
    }

    func records(expiringBefore time: Int64, limit: Int) throws -> [TokenRecord] {
        try connection.rows(
            // Locked for the delete that follows. Rows another transaction holds are skipped, not
            // waited for (the next purge takes them), so a purge never joins a deadlock.
            Self.selectRecord + " WHERE expires_at <= ? ORDER BY expires_at LIMIT ?"
                + connection.dialect.locking(.delete, skippingLocked: true),
            [.integer(time), .integer(Int64(limit))]
        ).map(Self.record)
    }

    func auditLogHead() throws -> MerkleFrontier { try audit.auditLogHead() }

    func saveAuditLogHead(_ head: MerkleFrontier) throws { try audit.saveAuditLogHead(head) }

    func appendAuditRecord(_ record: AuditRecord) throws { try audit.appendAuditRecord(record) }

    func appendAuditRecords(_ records: [AuditRecord]) throws { try audit.appendAuditRecords(records) }

    func auditRecords(from sequence: UInt64, limit: Int) throws -> [AuditRecord] {
        try audit.auditRecords(from: sequence, limit: limit)
    }

    private static func corrupt(_ what: String) -> StoreError {
        StoreError(.corruptRecord, "a vault \(what) row has an unexpected shape")
    }

    private static func tenant(_ row: [SQLValue]) throws -> TenantRecord {
        guard let id = row[0].text, let reuse = row[1].integer, let firstSix = row[2].integer,
            let format = row[3].text.flatMap(TokenPolicy.Format.init(rawValue:)), let version = row[5].integer
        else { throw corrupt("tenant") }
        return TenantRecord(
            id: id, policy: TokenPolicy(reuseExistingToken: reuse == 1, keepFirstSix: firstSix == 1, format: format),
            wrappedDataKey: row[4].blob, kekVersion: Int(version))
    }

    private static func record(_ row: [SQLValue]) throws -> TokenRecord {
        guard let token = row[0].text, let tenant = row[1].text, let sealed = row[2].blob,
            let keyVersion = row[3].integer, let brand = row[5].text.flatMap(CardBrand.init(rawValue:)),
            let length = row[6].integer, let lastFour = row[8].text, let month = row[9].integer,
            let year = row[10].integer, let expiresAt = row[11].integer, let createdAt = row[12].integer,
            let expiry = try? CardExpiry(month: Int(month), year: Int(year))
        else { throw corrupt("token") }
        return TokenRecord(
            token: token, tenant: tenant, sealed: sealed, dataKeyVersion: Int(keyVersion), fingerprint: row[4].blob,
            brand: brand, length: Int(length), firstSix: row[7].text, lastFour: lastFour, expiry: expiry,
            expiresAt: expiresAt, createdAt: createdAt)
    }
}
