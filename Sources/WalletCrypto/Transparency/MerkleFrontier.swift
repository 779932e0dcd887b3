/// The right edge of an RFC 9162 Merkle tree: the roots of the perfect subtrees its size decomposes
/// into (one per set bit of the size, largest first). Appending a leaf costs on average two node
/// hashes, and the root of the whole tree follows from at most log2(size) hashes, so a log can
/// sign a checkpoint after every append without reading its earlier leaves.
///
/// Security contract: the frontier is only a cache of hashes; whoever can change it can make the
/// log sign a wrong root, which verification against the entries then reports. It is never a
/// substitute for recomputing the tree from the entries when verifying.
public struct MerkleFrontier: Sendable, Equatable {
    /// The number of leaves.
    public private(set) var size: UInt64
    /// The perfect subtrees' roots, largest first.
    public private(set) var hashes: [[UInt8]]

    /// The empty tree.
    public init() {
        size = 0
        hashes = []
    }

    /// Rebuilds a frontier from `serialized` (its hashes concatenated). Throws `CryptoError` `.invalidEncoding`
    /// unless there is exactly one 32-byte hash per set bit of `size`.
    public init(size: UInt64, serialized: [UInt8]) throws {
        guard serialized.count == size.nonzeroBitCount * MerkleTree.hashByteCount else {
            throw CryptoError(.invalidEncoding, "a Merkle frontier of size \(size) has \(size.nonzeroBitCount) hashes")
        }
        self.size = size
        hashes = stride(from: 0, to: serialized.count, by: MerkleTree.hashByteCount).map {
            Array(serialized[$0..<($0 + MerkleTree.hashByteCount)])
        }
    }

    /// The hashes concatenated, largest subtree first.
    public var serialized: [UInt8] { hashes.flatMap { $0 } }

    /// Adds a leaf by its leaf hash.
    public mutating func append(leafHash: [UInt8]) {
        var carry = leafHash
        var merged = size
        // Each trailing set bit of the old size is a subtree of the new leaf's height to merge with.
        while merged & 1 == 1 {
            carry = MerkleTree.nodeHash(hashes.removeLast(), carry)
            merged >>= 1
        }
        hashes.append(carry)
        size += 1
    }

    /// The tree's root (SHA-256("") for the empty tree).
    public var root: [UInt8] {
        guard var root = hashes.last else { return SHA256.hash(data: [UInt8]()).bytes }
        for hash in hashes.dropLast().reversed() { root = MerkleTree.nodeHash(hash, root) }
        return root
    }
}
