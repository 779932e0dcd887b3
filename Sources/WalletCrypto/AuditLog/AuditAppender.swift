/// Appends entries to an audit log inside one store transaction: reads the tree head once, adds
/// each entry's record and leaf, and writes the head back in `finish`.
///
/// Security contract: entries are MACed under the current key version and numbered after the
/// stored head; they commit with the transaction they describe. Use one appender per transaction
/// and call `finish` before the commit, or the stored head falls behind the records (which
/// verification reports as tampering).
public final class AuditAppender {
    private let keys: AuditLogKeys
    private let storage: any AuditLogStorage
    private var head: MerkleFrontier
    /// The log's size when the appender was made.
    public let startSize: UInt64

    /// Reads the stored head from `storage`.
    /// Throws `CryptoError`.
    public init(keys: AuditLogKeys, storage: any AuditLogStorage) throws {
        self.keys = keys
        self.storage = storage
        head = try storage.auditLogHead()
        startSize = head.size
    }

    /// Appends one entry (`AuditEntry` says what each field holds). Throws `CryptoError` `.invalidParameter` for
    /// a field over 65,535 bytes, or the store's error.
    public func append(
        time: Int64, scope: String, actor: String, action: String, subject: String = "", detail: String = ""
    ) throws {
        let entry = try AuditEntry(
            sequence: head.size + 1, time: time, keyVersion: keys.currentVersion, scope: scope, actor: actor,
            action: action, subject: subject, detail: detail)
        // The current version's key is always loaded (`AuditLogKeys.init` checks it).
        let record = AuditRecord(
            sequence: entry.sequence, entry: entry.encoded, mac: keys.mac(entry.encoded, version: keys.currentVersion)!)
        try storage.appendAuditRecord(record)
        head.append(leafHash: record.leafHash)
    }

    /// Writes the head back when entries were added, and returns it (nil when nothing was added).
    /// Throws `CryptoError`.
    public func finish() throws -> MerkleFrontier? {
        guard head.size != startSize else { return nil }
        try storage.saveAuditLogHead(head)
        return head
    }
}
