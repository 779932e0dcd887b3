/// Appends entries to an audit log inside one store transaction: checks and encodes each entry
/// when it is appended, and in `finish` reads the tree head, numbers and authenticates the
/// entries after it, and writes the records and the new head in one batch.
///
/// Reading the head last matters on a shared database: a store takes the log's lock when it reads
/// the head (so that every node appends in one order) and holds it until the commit. Taken in
/// `finish`, the lock covers only the numbering, the log's rows and the commit, not the work of
/// the operation being audited; a transaction that appends nothing, such as a failed OTP
/// verification, never waits for it.
///
/// Security contract: entries are MACed under the current key version and numbered after the
/// stored head; they commit with the transaction they describe. Use one appender per transaction
/// and call `finish` before the commit, or the entries are not stored at all.
public final class AuditAppender {
    private let keys: AuditLogKeys
    private let storage: any AuditLogStorage
    /// Entries encoded with sequence 0, numbered in `finish`.
    private var pending: [AuditEntry] = []
    /// The log's size before this appender's entries (0 until `finish` has read the head).
    public private(set) var startSize: UInt64 = 0

    /// An appender on `storage`; nothing is read until `finish`.
    /// Throws `CryptoError`.
    public init(keys: AuditLogKeys, storage: any AuditLogStorage) throws {
        self.keys = keys
        self.storage = storage
    }

    /// Appends one entry (`AuditEntry` says what each field holds). Throws `CryptoError` `.invalidParameter` for
    /// a field over 65,535 bytes.
    public func append(
        time: Int64, scope: String, actor: String, action: String, subject: String = "", detail: String = ""
    ) throws {
        pending.append(
            try AuditEntry(
                sequence: 0, time: time, keyVersion: keys.currentVersion, scope: scope, actor: actor,
                action: action, subject: subject, detail: detail))
    }

    /// Reads the head, writes the entries after it and the new head, and returns the head (nil
    /// when nothing was appended).
    /// Throws `CryptoError` or the store's error.
    public func finish() throws -> MerkleFrontier? {
        guard !pending.isEmpty else { return nil }
        var head = try storage.auditLogHead()
        startSize = head.size
        let records = pending.enumerated().map { index, entry in
            let sequence = head.size + 1 + UInt64(index)
            let encoded = entry.encoded(sequence: sequence)
            // The current version's key is always loaded (`AuditLogKeys.init` checks it).
            return AuditRecord(
                sequence: sequence, entry: encoded, mac: keys.mac(encoded, version: keys.currentVersion)!)
        }
        for record in records { head.append(leafHash: record.leafHash) }
        try storage.appendAuditRecords(records)
        pending = []
        try storage.saveAuditLogHead(head)
        return head
    }
}
