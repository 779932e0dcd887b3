import Foundation
import TestSupport

@testable import WalletCrypto

/// `vectors/audit-log-v1.json`: RFC 9162 tree hashes and proofs (transcribed), C2SP signed notes
/// and checkpoints, and audit-log-v1 entries.
enum AuditLogVectorChecks {
    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    static func hashes(_ hex: String) throws -> [[UInt8]] {
        let bytes = try Hex.decode(hex)
        guard bytes.count % 32 == 0 else { throw Mismatch(description: "a proof is whole 32-byte hashes") }
        return stride(from: 0, to: bytes.count, by: 32).map { Array(bytes[$0..<($0 + 32)]) }
    }

    static func leafHashes(_ c: VectorCase) throws -> [[UInt8]] {
        try c.string("leaves").split(separator: ",", omittingEmptySubsequences: false).map {
            MerkleTree.leafHash(try Hex.decode(String($0)))
        }
    }

    static func check(_ c: VectorCase) throws {
        switch c.group["type"] {
        case "MerkleRootTest":
            let leaves = try leafHashes(c).prefix(try c.int("size"))
            guard MerkleTree.root(leaves) == (try c.hex("root")) else { throw Mismatch(description: "root differs") }
            var frontier = MerkleFrontier()
            for leaf in leaves { frontier.append(leafHash: leaf) }
            guard frontier.root == (try c.hex("root")) else { throw Mismatch(description: "frontier root differs") }
        case "InclusionProofTest":
            let leaves = try leafHashes(c)
            let index = try c.int("index")
            let size = try c.int("size")
            let proof = try hashes(try c.string("proof"))
            // Valid proofs must also be what this library makes.
            if c.expected == .valid {
                guard try MerkleTree.inclusionProof(index: index, leaves.prefix(size)) == proof else {
                    throw Mismatch(description: "generated proof differs")
                }
            }
            let leaf = index < leaves.count ? leaves[index] : leaves[0]
            guard
                MerkleTree.verifyInclusion(
                    leafHash: leaf, index: UInt64(index), size: UInt64(size), proof: proof, root: try c.hex("root"))
            else { throw Mismatch(description: "inclusion proof rejected") }
        case "ConsistencyProofTest":
            let size1 = try c.int("size1")
            let size2 = try c.int("size2")
            let proof = try hashes(try c.string("proof"))
            guard
                MerkleTree.verifyConsistency(
                    oldSize: UInt64(size1), newSize: UInt64(size2), oldRoot: try c.hex("root1"),
                    newRoot: try c.hex("root2"), proof: proof)
            else { throw Mismatch(description: "consistency proof rejected") }
        case "SignedNoteTest":
            let verifier = try NoteVerifier(verifierKey: try c.string("verifierKey"))
            guard verifier.verifierKey == (try c.string("verifierKey")) else {
                throw Mismatch(description: "the verifier key does not round-trip")
            }
            let (text, _) = try SignedNote.open(try c.string("note"), verifiers: [verifier])
            guard text == (try c.string("text")) else { throw Mismatch(description: "text differs") }
        case "CheckpointTest":
            let verifier = try NoteVerifier(verifierKey: try c.string("verifierKey"))
            let checkpoint = try Checkpoint(signedNote: try c.string("checkpoint"), verifiers: [verifier])
            guard checkpoint.origin == (try c.string("origin")), checkpoint.size == UInt64(try c.int("size")),
                checkpoint.rootHash == (try c.hex("root"))
            else { throw Mismatch(description: "checkpoint fields differ") }
        case "AuditEntryTest":
            let kek = SymmetricKey(data: try c.hex("kek"))
            let keys = try AuditLogKeys(origin: try c.string("origin"), keys: [1: kek, 2: kek], currentVersion: 1)
            guard keys.verifiers[0].verifierKey == (try c.string("checkpointVerifierKey")) else {
                throw Mismatch(description: "derived checkpoint key differs")
            }
            let record = AuditRecord(sequence: 1, entry: try c.hex("entry"), mac: try c.hex("mac"))
            let entry = try AuditEntry(encoded: record.entry)
            // The MAC under the published key, and under the key derived from the KEK (loaded as versions 1 and 2).
            let expectedMAC = HMAC<SHA256>.authenticationCode(
                for: record.entry, using: SymmetricKey(data: try c.hex("macKey"))
            ).bytes
            guard expectedMAC == record.mac else { throw Mismatch(description: "MAC does not verify") }
            guard keys.mac(record.entry, version: entry.keyVersion) == record.mac else {
                throw Mismatch(description: "derived MAC key differs")
            }
            guard try c.string("leafHash") == Hex.encode(record.leafHash),
                entry.sequence == UInt64(try c.int("sequence")), entry.time == Int64(try c.int("time")),
                entry.keyVersion == (try c.int("keyVersion")),
                Array(entry.scope.utf8) == Array(try c.string("scope").utf8),
                Array(entry.detail.utf8) == Array(try c.string("detail").utf8),
                try AuditEntry(
                    sequence: entry.sequence, time: entry.time, keyVersion: entry.keyVersion, scope: entry.scope,
                    actor: entry.actor, action: entry.action, subject: entry.subject, detail: entry.detail
                ).encoded == record.entry
            else { throw Mismatch(description: "entry fields differ") }
        default:
            throw VectorFormatError("unknown group type")
        }
    }
}
