import Foundation

/// A tamper-evident audit log (`docs/spec/audit-log-v1.md`): entries authenticated with HMAC under
/// keys derived from the service's KEKs, hashed into an RFC 9162 Merkle tree, and committed to by
/// signed checkpoints (C2SP tlog-checkpoint, Ed25519 signed notes) written on demand and every
/// `checkpointInterval` entries.
///
/// Security contract (threat model: someone who can read and write the database, but holds no
/// KEK and cannot rewrite the checkpoint file or checkpoints shipped elsewhere): an edited,
/// inserted, deleted or reordered entry fails its MAC or leaves a gap; entries cut from the end,
/// or any change behind a checkpoint, make the log inconsistent with that checkpoint. Without any
/// checkpoint, cutting entries from the end cannot be detected. Anyone with the public verifier
/// keys can check checkpoints, inclusion proofs and consistency proofs; only KEK holders can
/// check MACs. The log never sees secrets unless a caller puts them in an entry: don't.
public final class AuditLog: Sendable {
    private let state: Locked<AuditLogKeys>
    /// Where checkpoints are appended, if anywhere.
    public let checkpointFile: String?
    /// A checkpoint is written after every this many entries.
    public let checkpointInterval: UInt64

    /// A log with `options`, its keys derived from `keys` (KEKs by version). Throws
    /// `.invalidParameter` for an invalid origin or interval, or a current version not in `keys`.
    /// Throws `CryptoError`.
    public init(options: AuditLogOptions, keys: [Int: SymmetricKey], currentVersion: Int) throws {
        guard options.checkpointInterval >= 1 else {
            throw CryptoError(.invalidParameter, "the checkpoint interval is at least 1")
        }
        state = Locked(try AuditLogKeys(origin: options.origin, keys: keys, currentVersion: currentVersion))
        checkpointFile = options.checkpointFile
        checkpointInterval = UInt64(options.checkpointInterval)
    }

    /// The keys in force.
    public var keys: AuditLogKeys { state.value }

    /// Replaces the keys after a KEK rotation (same origin).
    /// Throws `CryptoError`.
    public func replaceKeys(_ keys: [Int: SymmetricKey], currentVersion: Int) throws {
        let new = try AuditLogKeys(origin: state.value.origin, keys: keys, currentVersion: currentVersion)
        state.value = new
    }

    /// The public verifier keys (`NoteVerifier.verifierKey` text), newest first: what to give auditors.
    public var verifierKeys: [String] { keys.verifiers.map(\.verifierKey) }

    /// An appender for one transaction.
    /// Throws `CryptoError`.
    public func appender(_ storage: any AuditLogStorage) throws -> AuditAppender {
        try AuditAppender(keys: keys, storage: storage)
    }

    /// Call after the transaction that `appender` wrote to committed: writes a checkpoint when the
    /// log crossed a multiple of `checkpointInterval`. Returns it, if one was written.
    /// Throws `CryptoError`.
    @discardableResult
    public func committed(from startSize: UInt64, to head: MerkleFrontier) throws -> String? {
        guard head.size / checkpointInterval != startSize / checkpointInterval else { return nil }
        return try writeCheckpoint(head)
    }

    /// Signs a checkpoint of `head` under every loaded key version and appends it to the checkpoint
    /// file, if there is one. Returns the signed note.
    /// Throws `CryptoError`.
    public func writeCheckpoint(_ head: MerkleFrontier) throws -> String {
        let keys = self.keys
        let note = try Checkpoint(origin: keys.origin, size: head.size, rootHash: head.root).signed(by: keys.allSigners)
        if let checkpointFile { try CheckpointFile.append(note, to: checkpointFile) }
        return note
    }

    /// Checks the whole log in `storage` (MACs, sequence, stored head) and its consistency with
    /// every checkpoint in the checkpoint file and in `checkpoints` (signed notes). Throws
    /// `.authenticationFailure` naming the first problem found.
    /// Throws `CryptoError`.
    public func verify(_ storage: any AuditLogStorage, checkpoints: [String] = []) throws -> AuditLogVerification {
        let keys = self.keys
        var leafHashes: [[UInt8]] = []
        var unloaded: UInt64 = 0
        var expected: UInt64 = 1
        while true {
            let batch = try storage.auditRecords(from: expected, limit: 10_000)
            for record in batch {
                guard record.sequence == expected, let entry = try? AuditEntry(encoded: record.entry),
                    entry.sequence == expected
                else { throw Self.tampered("entry \(expected) is missing, moved or malformed") }
                if let mac = keys.mac(record.entry, version: entry.keyVersion) {
                    guard MerkleTree.constantTimeEqual(mac, record.mac) else {
                        throw Self.tampered("entry \(expected) was edited: its MAC does not match")
                    }
                } else {
                    unloaded += 1
                }
                leafHashes.append(record.leafHash)
                expected += 1
            }
            if batch.count < 10_000 { break }
        }
        let size = UInt64(leafHashes.count)
        let root = MerkleTree.root(leafHashes[...])
        guard let head = try? storage.auditLogHead(), head.size == size, MerkleTree.constantTimeEqual(head.root, root)
        else {
            throw Self.tampered("the stored tree head does not match the entries")
        }
        // Checkpoints: each from the file by a prefix root computed in one pass; the ones given by
        // the caller also by an RFC 9162 consistency proof.
        let verifiers = keys.verifiers
        var fileCheckpoints: [Checkpoint] = []
        if let checkpointFile {
            // A checkpoint signed only under a KEK version no longer loaded is skipped: rotation writes
            // one signed under both versions, which carries the chain of checkpoints over.
            for note in try CheckpointFile.read(checkpointFile)
            where SignedNote.isSigned(note, byAnyOf: verifiers) {
                fileCheckpoints.append(try Self.open(note, verifiers))
            }
        }
        let given = try checkpoints.map { (note) throws(CryptoError) in try Self.open(note, verifiers) }
        let all = (fileCheckpoints + given).sorted { $0.size < $1.size }
        guard all.last.map({ $0.size <= size }) ?? true else {
            throw Self.tampered("the log has fewer entries than a signed checkpoint: entries were cut")
        }
        var frontier = MerkleFrontier()
        var next = all.startIndex
        for index in 0...leafHashes.count {
            while next < all.endIndex && all[next].size == UInt64(index) {
                guard MerkleTree.constantTimeEqual(frontier.root, all[next].rootHash) else {
                    throw Self.tampered("the log is not consistent with the checkpoint at \(index) entries")
                }
                next += 1
            }
            if index < leafHashes.count { frontier.append(leafHash: leafHashes[index]) }
        }
        for checkpoint in given where checkpoint.size > 0 {
            let proof = try MerkleTree.consistencyProof(from: Int(checkpoint.size), leafHashes[...])
            guard
                MerkleTree.verifyConsistency(
                    oldSize: checkpoint.size, newSize: size, oldRoot: checkpoint.rootHash, newRoot: root, proof: proof)
            else { throw Self.tampered("the log is not consistent with the given checkpoint") }
        }
        return AuditLogVerification(
            size: size, rootHash: root, checkpointsVerified: all.count, largestCheckpointSize: all.last?.size ?? 0,
            entriesUnderUnloadedKeys: unloaded)
    }

    /// The entry at `sequence` with its audit path in the tree of the first `treeSize` entries.
    /// Throws `CryptoError`.
    public func inclusionProof(_ storage: any AuditLogStorage, sequence: UInt64, treeSize: UInt64) throws
        -> AuditInclusionProof
    {
        let leaves = try leafHashes(storage, count: treeSize)
        guard sequence >= 1, sequence <= treeSize else {
            throw CryptoError(.invalidParameter, "entry \(sequence) is not in a tree of \(treeSize)")
        }
        let record = try storage.auditRecords(from: sequence, limit: 1)[0]
        return AuditInclusionProof(
            entry: try AuditEntry(encoded: record.entry), mac: record.mac, treeSize: treeSize,
            path: try MerkleTree.inclusionProof(index: Int(sequence - 1), leaves[...]))
    }

    /// The RFC 9162 consistency proof from the tree of `oldSize` entries to that of `newSize`.
    /// Throws `CryptoError`.
    public func consistencyProof(_ storage: any AuditLogStorage, from oldSize: UInt64, to newSize: UInt64) throws
        -> [[UInt8]]
    {
        try MerkleTree.consistencyProof(from: Int(oldSize), try leafHashes(storage, count: newSize)[...])
    }

    private func leafHashes(_ storage: any AuditLogStorage, count: UInt64) throws -> [[UInt8]] {
        var hashes: [[UInt8]] = []
        while UInt64(hashes.count) < count {
            let batch = try storage.auditRecords(
                from: UInt64(hashes.count) + 1, limit: Int(min(10_000, count - UInt64(hashes.count))))
            guard !batch.isEmpty else {
                throw CryptoError(.invalidParameter, "the log has fewer than \(count) entries")
            }
            hashes += batch.map(\.leafHash)
        }
        return hashes
    }

    private static func open(_ note: String, _ verifiers: [NoteVerifier]) throws(CryptoError) -> Checkpoint {
        do {
            return try Checkpoint(signedNote: note, verifiers: verifiers)
        } catch {
            throw tampered("a checkpoint does not verify under the log's keys")
        }
    }

    static func tampered(_ reason: String) -> CryptoError {
        CryptoError(.authenticationFailure, "audit log: \(reason)")
    }
}

/// A value behind a lock, for the keys `rotate` replaces.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    // Reads and writes happen under `lock`, which is what makes the unchecked Sendable sound.
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
