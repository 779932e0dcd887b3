import WalletCrypto

/// An audit log's two tables, `<prefix>_audit_log` (sequence, exact entry bytes, MAC) and
/// `<prefix>_audit_head` (the tree's size and right edge), used inside the transaction of the
/// operation being audited. The vault and the Authenticator share it, on SQLite and PostgreSQL.
///
/// Several writers keep one chain: reading the head takes the log's lock (`SQLConnection.lock`),
/// held to the end of the transaction, so appends from several connections or nodes are
/// serialised in one order and never reuse a sequence number.
///
/// Security contract: stores bytes exactly; trusts nothing it reads (`AuditLog.verify` checks it).
struct SQLAuditLogStorage: AuditLogStorage {
    let connection: any SQLConnection
    let prefix: String

    /// The tables, for a component's migration.
    static func schema(prefix: String) -> String {
        """
        CREATE TABLE \(prefix)_audit_log (
            sequence INTEGER PRIMARY KEY,
            entry BLOB NOT NULL,
            mac BLOB NOT NULL
        );
        CREATE TABLE \(prefix)_audit_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            size INTEGER NOT NULL,
            frontier BLOB NOT NULL
        );
        """
    }

    func auditLogHead() throws -> MerkleFrontier {
        try connection.lock(prefix + "_audit_log")
        guard let row = try connection.rows("SELECT size, frontier FROM \(prefix)_audit_head WHERE id = 1").first
        else { return MerkleFrontier() }
        guard let size = row[0].integer, size >= 0 else { throw Self.corrupt() }
        return try MerkleFrontier(size: UInt64(size), serialized: row[1].blob ?? [])
    }

    func saveAuditLogHead(_ head: MerkleFrontier) throws {
        try connection.execute(
            """
            INSERT INTO \(prefix)_audit_head (id, size, frontier) VALUES (1, ?, ?)
            ON CONFLICT (id) DO UPDATE SET size = excluded.size, frontier = excluded.frontier
            """, [.integer(Int64(head.size)), .blob(head.serialized)])
    }

    func appendAuditRecord(_ record: AuditRecord) throws {
        try connection.execute(
            "INSERT INTO \(prefix)_audit_log (sequence, entry, mac) VALUES (?, ?, ?)",
            [.integer(Int64(record.sequence)), .blob(record.entry), .blob(record.mac)])
    }

    func appendAuditRecords(_ records: [AuditRecord]) throws {
        for chunk in SQLBatch.chunks(records.count) {
            let rows = Array(repeating: "(?, ?, ?)", count: chunk.count).joined(separator: ", ")
            try connection.execute(
                "INSERT INTO \(prefix)_audit_log (sequence, entry, mac) VALUES \(rows)",
                records[chunk].flatMap { [.integer(Int64($0.sequence)), .blob($0.entry), .blob($0.mac)] })
        }
    }

    func auditRecords(from sequence: UInt64, limit: Int) throws -> [AuditRecord] {
        try connection.rows(
            "SELECT sequence, entry, mac FROM \(prefix)_audit_log WHERE sequence >= ? ORDER BY sequence LIMIT ?",
            [.integer(Int64(clamping: sequence)), .integer(Int64(limit))]
        ).map { row in
            guard let sequence = row[0].integer, sequence > 0 else { throw Self.corrupt() }
            return AuditRecord(sequence: UInt64(sequence), entry: row[1].blob ?? [], mac: row[2].blob ?? [])
        }
    }

    private static func corrupt() -> StoreError {
        StoreError(.corruptRecord, "an audit log row has an unexpected shape")
    }
}
