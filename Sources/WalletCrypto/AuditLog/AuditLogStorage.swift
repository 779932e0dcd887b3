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
}
