/// An audit entry as a store keeps it: its sequence, its exact `audit-log-v1` bytes and its MAC.
///
/// Security contract: none by itself; `AuditLog` checks the MAC and the tree. A store must keep
/// the bytes exactly.
public struct AuditRecord: Sendable, Equatable {
    /// The entry's position, 1-based.
    public let sequence: UInt64
    /// The `audit-log-v1` encoding (`AuditEntry.encoded`).
    public let entry: [UInt8]
    /// HMAC-SHA-256 of `entry` under the log's key for the entry's key version.
    public let mac: [UInt8]

    /// Assembles a stored record.
    public init(sequence: UInt64, entry: [UInt8], mac: [UInt8]) {
        self.sequence = sequence
        self.entry = entry
        self.mac = mac
    }

    /// The Merkle leaf hash: SHA-256(0x00 ‖ entry ‖ mac).
    public var leafHash: [UInt8] {
        var message = [UInt8](repeating: 0, count: 1 + entry.count + mac.count)
        message.replaceSubrange(1..<(1 + entry.count), with: entry)
        message.replaceSubrange((1 + entry.count)..., with: mac)
        return SHA256.hash(data: message).bytes
    }
}
