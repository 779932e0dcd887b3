import Foundation

/// The Merkle tree of RFC 9162 (Certificate Transparency 2.0) section 2.1, with SHA-256:
/// leaf hash SHA-256(0x00 ‖ entry), node hash SHA-256(0x01 ‖ left ‖ right), the tree split at the
/// largest power of two below its size. Inclusion proofs (2.1.3) and consistency proofs (2.1.4),
/// made and verified exactly as the RFC's algorithms say.
///
/// Security contract: a verified inclusion proof shows that an entry is the `index`-th leaf of the
/// tree with the given root; a verified consistency proof shows that the tree of the first root is
/// a prefix of the tree of the second, so nothing in it was edited, removed or reordered. Both
/// rest on SHA-256's collision resistance and on the roots being trusted (signed, `Checkpoint`).
/// Proofs say nothing about what an entry means.
public enum MerkleTree {
    /// The length of every hash in the tree.
    public static let hashByteCount = 32

    /// SHA-256(0x00 ‖ entry).
    public static func leafHash(_ entry: some DataProtocol) -> [UInt8] {
        var message = [UInt8](repeating: 0, count: 1 + entry.count)
        message.replaceSubrange(1..., with: entry)
        // One-shot on the cached context: cheaper than an incremental hash for these short inputs.
        return SHA256.hash(data: message).bytes
    }

    /// SHA-256(0x01 ‖ left ‖ right).
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var message = [UInt8](repeating: 1, count: 1 + left.count + right.count)
        message.replaceSubrange(1..<(1 + left.count), with: left)
        message.replaceSubrange((1 + left.count)..., with: right)
        return SHA256.hash(data: message).bytes
    }

    /// The root of the tree over `leafHashes` (MTH of RFC 9162 2.1.1); the empty tree's root is SHA-256("").
    public static func root(_ leafHashes: ArraySlice<[UInt8]>) -> [UInt8] {
        guard leafHashes.count > 1 else {
            return leafHashes.first ?? SHA256.hash(data: [UInt8]()).bytes
        }
        let split = leafHashes.startIndex + largestPowerOfTwo(below: leafHashes.count)
        return nodeHash(root(leafHashes[..<split]), root(leafHashes[split...]))
    }

    /// The audit path of leaf `index` in the tree over `leafHashes` (PATH of RFC 9162 2.1.3.1).
    /// Throws `CryptoError` `.invalidParameter` for an index outside the tree.
    public static func inclusionProof(index: Int, _ leafHashes: ArraySlice<[UInt8]>) throws
        -> [[UInt8]]
    {
        guard index >= 0, index < leafHashes.count else {
            throw CryptoError(.invalidParameter, "leaf \(index) is outside a tree of \(leafHashes.count)")
        }
        return path(index, leafHashes)
    }

    private static func path(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        let k = largestPowerOfTwo(below: leaves.count)
        let split = leaves.startIndex + k
        if m < k { return path(m, leaves[..<split]) + [root(leaves[split...])] }
        return path(m - k, leaves[split...]) + [root(leaves[..<split])]
    }

    /// The consistency proof from the tree of the first `size` leaves to the tree over all of
    /// `leafHashes` (PROOF of RFC 9162 2.1.4.1). Throws `CryptoError` `.invalidParameter` unless 0 < size ≤ count.
    public static func consistencyProof(from size: Int, _ leafHashes: ArraySlice<[UInt8]>) throws
        -> [[UInt8]]
    {
        guard size > 0, size <= leafHashes.count else {
            throw CryptoError(.invalidParameter, "no consistency proof from \(size) to \(leafHashes.count) leaves")
        }
        return subproof(size, leafHashes, complete: true)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<[UInt8]>, complete: Bool) -> [[UInt8]] {
        if m == leaves.count { return complete ? [] : [root(leaves)] }
        let k = largestPowerOfTwo(below: leaves.count)
        let split = leaves.startIndex + k
        if m <= k { return subproof(m, leaves[..<split], complete: complete) + [root(leaves[split...])] }
        return subproof(m - k, leaves[split...], complete: false) + [root(leaves[..<split])]
    }

    /// Whether `proof` shows the leaf with `leafHash` at `index` in the tree of `size` with `root`
    /// (RFC 9162 2.1.3.2).
    public static func verifyInclusion(
        leafHash: [UInt8], index: UInt64, size: UInt64, proof: [[UInt8]], root: [UInt8]
    ) -> Bool {
        guard index < size, leafHash.count == hashByteCount, root.count == hashByteCount,
            proof.allSatisfy({ $0.count == hashByteCount })
        else { return false }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && constantTimeEqual(r, root)
    }

    /// Whether `proof` shows that the tree of `oldSize` with `oldRoot` is a prefix of the tree of
    /// `newSize` with `newRoot` (RFC 9162 2.1.4.2). Equal sizes need an empty proof and equal roots;
    /// an empty old tree is consistent with every tree, with an empty proof.
    public static func verifyConsistency(
        oldSize: UInt64, newSize: UInt64, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]
    ) -> Bool {
        guard oldSize <= newSize, proof.allSatisfy({ $0.count == hashByteCount }) else { return false }
        if oldSize == newSize { return proof.isEmpty && constantTimeEqual(oldRoot, newRoot) }
        if oldSize == 0 { return proof.isEmpty }
        guard oldRoot.count == hashByteCount, newRoot.count == hashByteCount, !proof.isEmpty else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && constantTimeEqual(fr, oldRoot) && constantTimeEqual(sr, newRoot)
    }

    /// The largest power of two strictly below `count` (count ≥ 2).
    static func largestPowerOfTwo(below count: Int) -> Int {
        1 << (Int.bitWidth - 1 - (count - 1).leadingZeroBitCount)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBytes { a in b.withUnsafeBytes { ConstantTimeComparison.equals(a, $0) } }
    }
}
