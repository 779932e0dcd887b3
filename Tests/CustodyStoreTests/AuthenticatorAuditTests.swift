import Foundation
import OneTimePassword
import TestSupport
import Testing
import WalletCrypto

@testable import CustodyStore

/// The Authenticator's audit log: what it records (never a code or a secret), byte-exact user IDs,
/// and an attacker with SQL access to the factor database.
@Suite("Authenticator audit log")
struct AuthenticatorAuditTests {
    static func open(_ fixture: Fixture, folder: URL, keys: OTPKeyRing? = nil) throws -> Authenticator {
        let clock = fixture.clock
        var policy = fixture.policy
        policy.lockoutThreshold = 4
        policy.failuresBeforeBackoff = 10
        return try Authenticator(
            store: SQLiteAuthenticatorStore(path: fixture.path), keys: keys ?? fixture.keys, policy: policy,
            auditLog: AuditLogOptions(
                origin: "wallet.example/otp", checkpointFile: folder.appendingPathComponent("otp.checkpoints").path,
                checkpointInterval: 4),
            clock: { clock.now })
    }

    @Test func recordsTheLifecycleWithoutCodesOrSecrets() throws {
        try withTemporaryFolder("wc-otp-audit") { folder in
            let fixture = try Fixture(folder: folder)
            let authenticator = try Self.open(fixture, folder: folder)
            let enrollment = try authenticator.enroll(user: "alice", account: "alice@example.com")
            let confirmCode = try fixture.code(enrollment)
            let recovery = try authenticator.confirm(user: "alice", code: confirmCode)
            fixture.clock.advance(30)
            try authenticator.redeemRecoveryCode(user: "alice", code: recovery[0])
            for _ in 0..<4 {
                expectCode(.verificationFailed) { _ = try authenticator.verify(user: "alice", code: "000000") }
            }
            expectCode(.lockedOut) { _ = try authenticator.verify(user: "alice", code: "000000") }
            try authenticator.unlock(user: "alice", actor: "support-desk")
            let rotated = try Self.open(fixture, folder: folder, keys: Fixture.keyRing(current: 2, versions: [1, 2]))
            #expect(try rotated.rewrapSecrets() == 1)
            let entries = try rotated.auditEntries()
            #expect(
                entries.map(\.action) == [
                    "otp-enroll", "otp-confirm", "otp-recovery-code-used", "otp-lockout", "otp-unlock", "otp-rewrap",
                ])
            #expect(entries.allSatisfy { Array($0.scope.utf8) == Array("alice".utf8) })
            #expect(entries[4].actor == "support-desk")
            // No code, recovery code or secret in any stored byte of the log.
            let secret = Base32.encode(enrollment.uri.secret.withUnsafeBytes { Array($0) })
            let forbidden =
                [confirmCode, secret, "000000"] + recovery + recovery.map { $0.replacingOccurrences(of: "-", with: "") }
            for entry in entries {
                let text = String(decoding: entry.encoded, as: UTF8.self)
                #expect(!forbidden.contains { text.contains($0) }, "an audit entry holds a code or secret")
            }
            let result = try rotated.verifyAuditLog()
            #expect(result.size == 6 && result.checkpointsVerified >= 1)
        }
    }

    /// User IDs are opaque UTF-8 compared as bytes: "Café" and "Cafe\u{301}" are two users.
    @Test func userIDsAreComparedAsBytes() throws {
        try withTemporaryFolder("wc-otp-audit") { folder in
            let fixture = try Fixture(folder: folder)
            let authenticator = try Self.open(fixture, folder: folder)
            let enrollment = try authenticator.enroll(user: "Caf\u{E9}", account: "cafe@example.com")
            _ = try authenticator.confirm(user: "Caf\u{E9}", code: try fixture.code(enrollment))
            fixture.clock.advance(30)
            for lookalike in ["Cafe\u{301}", "Caf\u{E9} ", "CAF\u{C9}", "Ｃａｆé"] {
                expectCode(.notEnrolled) {
                    _ = try authenticator.verify(user: lookalike, code: try fixture.code(enrollment))
                }
                #expect(try authenticator.status(user: lookalike) == nil)
            }
            expectCode(.invalidParameter) { _ = try authenticator.status(user: String(repeating: "u", count: 257)) }
            #expect(try authenticator.verify(user: "Caf\u{E9}", code: try fixture.code(enrollment)).drift == 0)
            #expect(try authenticator.auditEntries().allSatisfy { Array($0.scope.utf8) == Array("Caf\u{E9}".utf8) })
        }
    }

    @Test func anEditedOrCutLogIsDetected() throws {
        try withTemporaryFolder("wc-otp-audit") { folder in
            let fixture = try Fixture(folder: folder)
            let authenticator = try Self.open(fixture, folder: folder)
            for user in ["u1", "u2", "u3"] { _ = try fixture.enrolled(authenticator, user) }
            let checkpoint = try authenticator.checkpoint()
            #expect(try authenticator.verifyAuditLog(checkpoints: [checkpoint]).size == 6)
            let database = try SQLiteDatabase(
                path: fixture.path, component: "otp", migrations: AuthenticatorTables.migrations)
            // Pretend u2 never confirmed: delete its entry, renumber, recompute the head.
            try database.transaction { connection in
                try connection.execute("DELETE FROM otp_audit_log WHERE sequence = 4")
                try connection.execute("UPDATE otp_audit_log SET sequence = sequence - 1 WHERE sequence > 4")
                let storage = SQLAuditLogStorage(connection: connection, prefix: "otp")
                var head = MerkleFrontier()
                for record in try storage.auditRecords(from: 1, limit: 100) { head.append(leafHash: record.leafHash) }
                try storage.saveAuditLogHead(head)
            }
            expectCode(.storageFailure) { _ = try authenticator.verifyAuditLog(checkpoints: [checkpoint]) }
            expectCode(.storageFailure) { _ = try Self.open(fixture, folder: folder).verifyAuditLog() }
        }
    }
}
