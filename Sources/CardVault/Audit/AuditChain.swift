import WalletCrypto

/// The hash chain of the audit log.
enum AuditChain {
    static let genesis = [UInt8](repeating: 0, count: 32)

    /// SHA-256(previous ‖ each field as a 4-byte big-endian length and its UTF-8 bytes).
    static func hash(_ entry: AuditEntry, previous: [UInt8]) -> [UInt8] {
        var message = previous
        for field in [
            String(entry.sequence), String(entry.time), entry.tenant, entry.actor, entry.action, entry.token,
            entry.purpose,
        ] {
            let bytes = Array(field.utf8)
            message += withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes
        }
        return SHA256.hash(data: message).bytes
    }

    /// Appends an entry after the store's last one.
    static func append(
        _ transaction: any VaultTransaction, time: Int64, tenant: String, actor: String, action: String,
        token: String = "", purpose: String = ""
    ) throws {
        let last = try transaction.lastAuditEntry()
        var entry = AuditEntry(
            sequence: (last?.sequence ?? 0) + 1, time: time, tenant: tenant, actor: actor, action: action, token: token,
            purpose: purpose, previousHash: last?.hash ?? genesis, hash: [])
        entry.hash = hash(entry, previous: entry.previousHash)
        try transaction.append(entry)
    }
}
