import Foundation
import TestSupport
import Testing
import WalletCrypto

/// RFC 9162 trees of every small size, signed notes and the checkpoint file.
@Suite("Merkle trees, signed notes and checkpoints")
struct TransparencyTests {
    static let leaves = (0..<33).map { MerkleTree.leafHash([UInt8(truncatingIfNeeded: $0), 0x5A]) }

    @Test func everyProofOfEverySmallTreeVerifiesAndNoAlteredOneDoes() throws {
        var frontier = MerkleFrontier()
        for size in 1...Self.leaves.count {
            let tree = Self.leaves.prefix(size)
            frontier.append(leafHash: Self.leaves[size - 1])
            let root = MerkleTree.root(tree)
            #expect(frontier.root == root)
            #expect(try MerkleFrontier(size: frontier.size, serialized: frontier.serialized) == frontier)
            for index in 0..<size {
                let proof = try MerkleTree.inclusionProof(index: index, tree)
                #expect(
                    MerkleTree.verifyInclusion(
                        leafHash: Self.leaves[index], index: UInt64(index), size: UInt64(size), proof: proof, root: root
                    ))
                #expect(
                    !MerkleTree.verifyInclusion(
                        leafHash: Self.leaves[index], index: UInt64(index + 1), size: UInt64(size), proof: proof,
                        root: root) || size == 1)
            }
            for old in 1...size {
                let proof = try MerkleTree.consistencyProof(from: old, tree)
                let oldRoot = MerkleTree.root(Self.leaves.prefix(old))
                #expect(
                    MerkleTree.verifyConsistency(
                        oldSize: UInt64(old), newSize: UInt64(size), oldRoot: oldRoot, newRoot: root, proof: proof))
                if old < size {
                    // A different old tree (one leaf changed) is not consistent.
                    var changed = Array(Self.leaves.prefix(old))
                    changed[old - 1] = MerkleTree.leafHash([0xFF])
                    #expect(
                        !MerkleTree.verifyConsistency(
                            oldSize: UInt64(old), newSize: UInt64(size), oldRoot: MerkleTree.root(changed[...]),
                            newRoot: root, proof: proof))
                }
            }
        }
    }

    @Test func checkpointsRoundTripThroughTheFileAndATornLastNoteIsIgnored() throws {
        try withTemporaryFolder("wc-checkpoints") { folder in
            let path = folder.appendingPathComponent("checkpoints").path
            let signer = try NoteSigner(name: "example.com/log", privateKey: AsymmetricPrivateKey<Ed25519>())
            var notes: [String] = []
            for size in [1, 5, 8] {
                let checkpoint = try Checkpoint(
                    origin: "example.com/log", size: UInt64(size), rootHash: MerkleTree.root(Self.leaves.prefix(size)))
                notes.append(try checkpoint.signed(by: [signer]))
                try CheckpointFile.append(notes.last!, to: path)
            }
            #expect(try CheckpointFile.read(path) == notes)
            var attributes = stat()
            #expect(stat(path, &attributes) == 0 && attributes.st_mode & 0o077 == 0)
            // A crash in the middle of a write leaves a torn note at the end: ignored.
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("example.com/log\n9\n".utf8))
            try handle.close()
            #expect(try CheckpointFile.read(path) == notes)
            // Only the exported public key is needed to check a checkpoint.
            let verifier = try NoteVerifier(verifierKey: signer.verifier.verifierKey)
            #expect(try Checkpoint(signedNote: notes[2], verifiers: [verifier]).size == 8)
            let stranger = try NoteSigner(name: "example.com/log", privateKey: AsymmetricPrivateKey<Ed25519>())
            #expect(throws: CryptoError.self) {
                _ = try Checkpoint(signedNote: notes[2], verifiers: [stranger.verifier])
            }
        }
    }
}
