/// Appends entries to an audit log inside one store transaction: reads the tree head when the
/// first entry is appended, keeps each entry's record and leaf, and writes the records and the
/// head in `finish`, in one batch.
///
/// Reading the head late matters on a shared database: a store takes the log's lock when it reads
/// the head (so that every node appends in one order), and a transaction that appends nothing,
/// such as a failed OTP verification, then never waits for it.
///
/// Security contract: entries are MACed under the current key version and numbered after the
/// stored head; they commit with the transaction they describe. Use one appender per transaction
/// and call `finish` before the commit, or the entries are not stored at all.
public final class AuditAppender {
    private let keys: AuditLogKeys
    private let storage: any AuditLogStorage
    private var head: MerkleFrontier?
    private var pending: [AuditRecord] = []
    /// The log's size before this appender's first entry (0 until an entry is appended).
    public private(set) var startSize: UInt64 = 0

    /// An appender on `storage`; nothing is read until the first entry.
    /// Throws `CryptoError`.
    public init(keys: AuditLogKeys, storage: any AuditLogStorage) throws {
        self.keys = keys
        self.storage = storage
    }

    /// Appends one entry (`AuditEntry` says what each field holds). Throws `CryptoError` `.invalidParameter` for
    /// a field over 65,535 bytes, or the store's error.
    public func append(
        time: Int64, scope: String, actor: String, action: String, subject: String = "", detail: String = ""
    ) throws {
        if head == nil {
            head = try storage.auditLogHead()
            startSize = head!.size
        }
        let entry = try AuditEntry(
            sequence: head!.size + 1, time: time, keyVersion: keys.currentVersion, scope: scope, actor: actor,
            action: action, subject: subject, detail: detail)
        // The current version's key is always loaded (`AuditLogKeys.init` checks it).
        let record = AuditRecord(
            sequence: entry.sequence, entry: entry.encoded, mac: keys.mac(entry.encoded, version: keys.currentVersion)!)
        pending.append(record)
        head!.append(leafHash: record.leafHash)
    }

    /// Writes the head back when entries were added, and returns it (nil when nothing was added).
    /// Throws `CryptoError`.
    public func finish() throws -> MerkleFrontier? {
        guard let head, !pending.isEmpty else { return nil }
        try storage.appendAuditRecords(pending)
        pending = []
        try storage.saveAuditLogHead(head)
        return head
    }
}
