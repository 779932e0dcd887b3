/// Where an audit log keeps its records and its tree head, inside the transaction of the
/// operation being audited (the seam to SQLite in `CustodyStore`).
///
/// Security contract: calls act within the enclosing transaction, so an operation and its audit
/// entries commit together or not at all. The store is not trusted: everything it returns is
/// checked by `AuditLog.verify`.
public protocol AuditLogStorage {
    /// The stored tree head (size and frontier), or an empty frontier for a new log.
    /// Throws `CryptoError`.
    func auditLogHead() throws -> MerkleFrontier
    /// Replaces the stored tree head.
    /// Throws `CryptoError`.
    func saveAuditLogHead(_ head: MerkleFrontier) throws
    /// Appends a record; its sequence must be new.
    /// Throws `CryptoError`.
    func appendAuditRecord(_ record: AuditRecord) throws
    /// Up to `limit` records with sequence at least `sequence`, in sequence order.
    /// Throws `CryptoError`.
    func auditRecords(from sequence: UInt64, limit: Int) throws -> [AuditRecord]
    /// Appends records in order; every sequence must be new. One statement per chunk where the
    /// store can.
    /// Throws `CryptoError`.
    func appendAuditRecords(_ records: [AuditRecord]) throws
}

extension AuditLogStorage {
    /// One `appendAuditRecord` per record, for stores without a batch insert.
    /// Throws `CryptoError`.
    public func appendAuditRecords(_ records: [AuditRecord]) throws {
        for record in records { try appendAuditRecord(record) }
    }
}
