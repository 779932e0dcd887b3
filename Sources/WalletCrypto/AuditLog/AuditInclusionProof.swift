/// Shows one audit entry to an auditor without the rest of the log: the entry, its MAC, and the
/// RFC 9162 audit path from its leaf to the root of a tree of `treeSize` entries.
///
/// Security contract: `verify(against:)` holds when the entry is the `sequence`-th leaf of the
/// checkpoint's tree; with a checkpoint whose signature the auditor checked, that proves the entry
/// was in the log the service signed. It does not check the MAC (the auditor has no key).
public struct AuditInclusionProof: Sendable, Equatable {
    /// The entry.
    public let entry: AuditEntry
    /// Its MAC, part of its leaf.
    public let mac: [UInt8]
    /// The size of the tree the path leads to.
    public let treeSize: UInt64
    /// The audit path, leaf side first.
    public let path: [[UInt8]]

    /// Assembles a proof; `AuditLog.inclusionProof` makes them.
    public init(entry: AuditEntry, mac: [UInt8], treeSize: UInt64, path: [[UInt8]]) {
        self.entry = entry
        self.mac = mac
        self.treeSize = treeSize
        self.path = path
    }

    /// Whether the entry is leaf `sequence - 1` of `checkpoint`'s tree (which must have `treeSize` entries).
    public func verify(against checkpoint: Checkpoint) -> Bool {
        checkpoint.size == treeSize && entry.sequence >= 1
            && MerkleTree.verifyInclusion(
                leafHash: MerkleTree.leafHash(entry.encoded + mac), index: entry.sequence - 1, size: treeSize,
                proof: path, root: checkpoint.rootHash)
    }
}
