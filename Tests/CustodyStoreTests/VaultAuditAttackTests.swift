import Foundation
import TestSupport
import Testing
import WalletCrypto

@testable import CardVault
@testable import CustodyStore

/// An attacker with write access to the vault's SQLite file rewrites the audit log and recomputes
/// everything that can be recomputed without a KEK (the stored tree head). A checkpoint taken
/// before the tampering verifies against the untouched log and not against the tampered one.
@Suite("Card vault audit log against a database attacker")
struct VaultAuditAttackTests {
    enum Attack: String, CaseIterable, CustomTestStringConvertible {
        case editEntry, deleteEntryAndRenumber, reorderEntries, cutTail, editTreeHead, replaceMAC
        var testDescription: String { rawValue }
    }

    /// A vault with some history and a checkpoint of it, kept by the test as an auditor would.
    static func history(_ fixture: VaultFixture) throws -> (CardVault, checkpoint: String) {
        let vault = try fixture.open()
        try vault.createTenant("bank")
        var tokens: [String] = []
        for pan in testPANs.prefix(5) {
            tokens.append(try vault.tokenize(try fixture.card(pan), tenant: "bank", actor: "api"))
        }
        for token in tokens.prefix(3) { _ = try fixture.pan(vault, token, tenant: "bank") }
        return (vault, try vault.checkpoint())
    }

    /// The attacker's SQL, run on a connection of its own.
    static func withDatabase<T>(_ fixture: VaultFixture, _ body: (any SQLConnection) throws -> T) throws -> T {
        let database = try SQLiteDatabase(
            path: fixture.path, component: "vault", migrations: SQLVaultTransaction.migrations)
        return try database.transaction(body)
    }

    /// What the attacker can recompute from the database alone: the tree head over the rows.
    static func recomputeHead(_ connection: any SQLConnection) throws {
        let storage = SQLAuditLogStorage(connection: connection, prefix: "vault")
        var head = MerkleFrontier()
        for record in try storage.auditRecords(from: 1, limit: 1_000_000) { head.append(leafHash: record.leafHash) }
        try storage.saveAuditLogHead(head)
    }

    static func entry(_ connection: any SQLConnection, _ sequence: Int64) throws -> AuditEntry {
        let row = try connection.rows("SELECT entry FROM vault_audit_log WHERE sequence = ?", [.integer(sequence)])
        return try AuditEntry(encoded: row[0][0].blob!)
    }

    static func tamper(_ attack: Attack, _ connection: any SQLConnection) throws {
        switch attack {
        case .editEntry:
            // Blame another actor for a detokenisation, keeping everything else.
            let old = try entry(connection, 8)
            let forged = try AuditEntry(
                sequence: old.sequence, time: old.time, keyVersion: old.keyVersion, scope: old.scope, actor: "someone",
                action: old.action, subject: old.subject, detail: old.detail)
            try connection.execute(
                "UPDATE vault_audit_log SET entry = ? WHERE sequence = 8", [.blob(forged.encoded)])
        case .deleteEntryAndRenumber:
            try connection.execute("DELETE FROM vault_audit_log WHERE sequence = 7")
            try connection.execute("UPDATE vault_audit_log SET sequence = sequence - 1 WHERE sequence > 7")
        case .reorderEntries:
            try connection.execute("UPDATE vault_audit_log SET sequence = 100 WHERE sequence = 2")
            try connection.execute("UPDATE vault_audit_log SET sequence = 2 WHERE sequence = 3")
            try connection.execute("UPDATE vault_audit_log SET sequence = 3 WHERE sequence = 100")
        case .cutTail:
            try connection.execute("DELETE FROM vault_audit_log WHERE sequence > 6")
        case .editTreeHead:
            try connection.execute("UPDATE vault_audit_head SET size = size - 1")
            return
        case .replaceMAC:
            try connection.execute("UPDATE vault_audit_log SET mac = zeroblob(32) WHERE sequence = 4")
        }
        try recomputeHead(connection)
    }

    @Test(arguments: Attack.allCases)
    func tamperingIsDetectedAndTheOldCheckpointRefusesTheNewLog(attack: Attack) throws {
        try withTemporaryFolder("wc-vault-audit") { folder in
            let fixture = try VaultFixture(folder: folder)
            let (vault, checkpoint) = try Self.history(fixture)
            // Before: the log verifies, alone and against the checkpoint (a consistency proof).
            let before = try vault.verifyAuditLog(checkpoints: [checkpoint])
            #expect(before.size == 9 && before.checkpointsVerified >= 1)
            try Self.withDatabase(fixture) { try Self.tamper(attack, $0) }
            expectVault(.auditTampered) { _ = try vault.verifyAuditLog(checkpoints: [checkpoint]) }
            // The same, for a service that was restarted and reads only its checkpoint file.
            expectVault(.auditTampered) { _ = try fixture.open().verifyAuditLog() }
        }
    }

    /// Without any checkpoint, entries cut from the end leave a log that is still self-consistent:
    /// that is exactly what checkpoints are for.
    @Test func aCutTailIsInvisibleWithoutACheckpointAndCaughtWithOne() throws {
        try withTemporaryFolder("wc-vault-audit") { folder in
            var fixture = try VaultFixture(folder: folder)
            fixture.checkpointInterval = 1000
            let (vault, checkpoint) = try Self.history(fixture)
            try FileManager.default.removeItem(atPath: fixture.checkpointPath)
            try Self.withDatabase(fixture) { try Self.tamper(.cutTail, $0) }
            #expect(try vault.verifyAuditLog().size == 6)
            expectVault(.auditTampered) { _ = try vault.verifyAuditLog(checkpoints: [checkpoint]) }
        }
    }

    /// An auditor with only the exported public key checks a checkpoint, an inclusion proof of one
    /// entry, and a consistency proof between two checkpoints; nothing else is needed.
    @Test func anAuditorNeedsOnlyThePublicKey() throws {
        try withTemporaryFolder("wc-vault-audit") { folder in
            let fixture = try VaultFixture(folder: folder)
            let (vault, old) = try Self.history(fixture)
            _ = try vault.tokenize(try fixture.card("5555555555554444"), tenant: "bank", actor: "api")
            let new = try vault.checkpoint()
            let verifiers = try vault.auditVerifierKeys.map { try NoteVerifier(verifierKey: $0) }
            let oldCheckpoint = try Checkpoint(signedNote: old, verifiers: verifiers)
            let newCheckpoint = try Checkpoint(signedNote: new, verifiers: verifiers)
            #expect(oldCheckpoint.origin == "bank.example/vault" && newCheckpoint.size == oldCheckpoint.size + 1)
            let proof = try vault.auditInclusionProof(sequence: 4, treeSize: oldCheckpoint.size)
            #expect(proof.verify(against: oldCheckpoint) && proof.entry.action == "tokenize")
            #expect(!proof.verify(against: newCheckpoint))
            let consistency = try vault.auditConsistencyProof(from: oldCheckpoint.size, to: newCheckpoint.size)
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: oldCheckpoint.size, newSize: newCheckpoint.size, oldRoot: oldCheckpoint.rootHash,
                    newRoot: newCheckpoint.rootHash, proof: consistency))
            // Another key, even under the same name, does not verify the checkpoint.
            let stranger = try NoteSigner(name: "bank.example/vault", privateKey: AsymmetricPrivateKey<Ed25519>())
            #expect(throws: CryptoError.self) { _ = try Checkpoint(signedNote: new, verifiers: [stranger.verifier]) }
            // A checkpoint edited in transit is refused.
            let edited = new.replacingOccurrences(
                of: "\n\(newCheckpoint.size)\n", with: "\n\(newCheckpoint.size + 1)\n")
            #expect(throws: CryptoError.self) { _ = try Checkpoint(signedNote: edited, verifiers: verifiers) }
            expectVault(.auditTampered) { _ = try vault.verifyAuditLog(checkpoints: [edited]) }
        }
    }

    /// After a KEK rotation the log keeps verifying, with the old KEK dropped too: the rotation's
    /// checkpoint is signed under both versions and names the new public key.
    @Test func rotationCarriesTheCheckpointsOver() throws {
        try withTemporaryFolder("wc-vault-audit") { folder in
            let fixture = try VaultFixture(folder: folder)
            let (vault, old) = try Self.history(fixture)
            let oldKeys = vault.auditVerifierKeys
            let newKEK = SymmetricKey(size: 256)
            _ = try vault.rotate(to: newKEK, actor: "security-officer")
            #expect(vault.auditVerifierKeys.count == 2 && vault.auditVerifierKeys.last == oldKeys[0])
            while try vault.rewrap(actor: "security-officer") > 0 {}
            let reopened = try fixture.open(try VaultKeyring([2: newKEK]))
            let result = try reopened.verifyAuditLog()
            #expect(result.entriesUnderUnloadedKeys > 0 && result.checkpointsVerified >= 1)
            let rotation = try reopened.auditEntries().first { $0.action == "rotate" }
            #expect(rotation?.detail.contains(reopened.auditVerifierKeys[0]) == true)
            // The old checkpoint, signed under version 1 only, still verifies for an auditor with the old key.
            #expect(try Checkpoint(signedNote: old, verifiers: [NoteVerifier(verifierKey: oldKeys[0])]).size == 9)
        }
    }
}
