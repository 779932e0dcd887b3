import Foundation
import OneTimePassword
import TestSupport
import Testing
import WalletCrypto

@testable import CustodyStore

/// The Authenticator's ShangMi profile: secrets sealed with SM4-GCM under keys derived with
/// HKDF-SM3, recovery codes hashed with HMAC-SM3, and the profile recorded per factor.
@Suite("Authenticator, ShangMi profile")
struct AuthenticatorShangMiTests {
    static func shangMiRing(current: Int = 1, versions: [Int] = [1]) throws -> OTPKeyRing {
        try OTPKeyRing(
            currentVersion: current, keys: Fixture.keyEncryptionKeys.filter { versions.contains($0.key) },
            recoveryCodeKey: Fixture.recoveryKey, profile: .shangMi)
    }

    func sql<T>(_ fixture: Fixture, _ body: (any SQLConnection) throws -> T) throws -> T {
        let database = try SQLiteDatabase(
            path: fixture.path, component: "otp", migrations: AuthenticatorTables.migrations)
        return try database.transaction { try body($0) }
    }

    @Test func enrolsVerifiesRedeemsAndRotatesUnderShangMi() throws {
        try withTemporaryFolder("wc-otp-sm") { folder in
            let fixture = try Fixture(folder: folder, keys: try Self.shangMiRing())
            #expect(fixture.keys.profile == .shangMi)
            let authenticator = try fixture.open()
            let (enrollment, recovery) = try fixture.enrolled(authenticator, "u1")
            _ = try authenticator.verify(user: "u1", code: try fixture.code(enrollment))
            try authenticator.redeemRecoveryCode(user: "u1", code: recovery[0])
            let stored = try sql(fixture) { try $0.rows("SELECT profile FROM otp_factors WHERE user_id = 'u1'") }
            #expect(stored.first?.first?.integer == 2)
            // Rotation keeps the profile.
            let rotated = try fixture.open(keys: try Self.shangMiRing(current: 2, versions: [1, 2]))
            #expect(try rotated.rewrapSecrets() == 1)
            fixture.clock.advance(30)
            _ = try rotated.verify(user: "u1", code: try fixture.code(enrollment))
        }
    }

    @Test func aFactorOfOneProfileIsRefusedUnderTheOther() throws {
        try withTemporaryFolder("wc-otp-sm") { folder in
            let fixture = try Fixture(folder: folder)
            let standard = try fixture.open()
            let (enrollment, recovery) = try fixture.enrolled(standard, "u1")
            // The same key-encryption keys, the other profile: refused with a clear error, not counted.
            let shangMi = try fixture.open(keys: try Self.shangMiRing())
            expectCode(.invalidParameter) { _ = try shangMi.verify(user: "u1", code: try fixture.code(enrollment)) }
            expectCode(.invalidParameter) { try shangMi.redeemRecoveryCode(user: "u1", code: recovery[0]) }
            expectCode(.invalidParameter) { _ = try shangMi.regenerateRecoveryCodes(user: "u1") }
            #expect(try standard.status(user: "u1")?.failureCount == 0)
            let (smEnrollment, _) = try fixture.enrolled(shangMi, "u2")
            expectCode(.invalidParameter) { _ = try standard.verify(user: "u2", code: try fixture.code(smEnrollment)) }
        }
    }

    @Test func relabellingTheStoredProfileWithSQLDoesNotOpenTheSecret() throws {
        try withTemporaryFolder("wc-otp-sm") { folder in
            let fixture = try Fixture(folder: folder, keys: try Self.shangMiRing())
            let (enrollment, _) = try fixture.enrolled(try fixture.open(), "u1")
            // An attacker with write access to the database marks the ShangMi factor as standard.
            try sql(fixture) { try $0.execute("UPDATE otp_factors SET profile = 1 WHERE user_id = 'u1'") }
            let standard = try fixture.open(keys: try Fixture.keyRing(current: 1, versions: [1]))
            expectCode(.storageFailure) { _ = try standard.verify(user: "u1", code: try fixture.code(enrollment)) }
            // A value outside the profiles is refused by the schema itself.
            var refused = false
            do {
                try sql(fixture) { try $0.execute("UPDATE otp_factors SET profile = 3 WHERE user_id = 'u1'") }
            } catch {
                refused = true
            }
            #expect(refused)
        }
    }
}
