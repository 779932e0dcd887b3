import Foundation
import OneTimePassword
import TestSupport
import Testing
import WalletCrypto

@testable import CustodyStore

/// A clock the tests move by hand, so no test sleeps.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// An Authenticator on a real SQLite file in a temporary folder, reopenable to test persistence.
struct Fixture {
    let path: String
    let clock = TestClock()
    let keys: OTPKeyRing
    var policy = AuthenticatorPolicy(issuer: "Example Wallet")

    init(folder: URL, keys: OTPKeyRing? = nil) throws {
        path = folder.appendingPathComponent("otp.sqlite").path
        self.keys = try keys ?? Self.keyRing(current: 1, versions: [1])
    }

    static let recoveryKey = SymmetricKey(size: 256)
    static let keyEncryptionKeys = [1: SymmetricKey(size: 256), 2: SymmetricKey(size: 256)]

    static func keyRing(current: Int, versions: [Int]) throws -> OTPKeyRing {
        try OTPKeyRing(
            currentVersion: current, keys: keyEncryptionKeys.filter { versions.contains($0.key) },
            recoveryCodeKey: recoveryKey)
    }

    /// A new store connection and Authenticator, as after a restart.
    func open(keys: OTPKeyRing? = nil) throws -> Authenticator {
        let clock = self.clock
        return try Authenticator(
            store: SQLiteAuthenticatorStore(path: path), keys: keys ?? self.keys, policy: policy,
            clock: { clock.now })
    }

    /// The code the user's app shows `steps` periods from now.
    func code(_ enrollment: Enrollment, steps: Int = 0) throws -> String {
        let totp = try TOTP(secret: enrollment.uri.secret)
        return totp.hotp.code(counter: UInt64(Int(try totp.timeStep(at: clock.now)) + steps))
    }

    /// Enrols and confirms `user`, leaving the clock one period later so a fresh code is due.
    func enrolled(_ authenticator: Authenticator, _ user: String) throws -> (Enrollment, [String]) {
        let enrollment = try authenticator.enroll(user: user, account: "\(user)@example.com")
        let recovery = try authenticator.confirm(user: user, code: try code(enrollment))
        clock.advance(30)
        return (enrollment, recovery)
    }
}

func expectCode(_ code: OTPError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    expectError(code, sourceLocation: sourceLocation, body)
}

@Suite("Authenticator on SQLite")
struct AuthenticatorTests {
    @Test func enrolsConfirmsAndAcceptsEachCodeOnce() throws {
        try withTemporaryFolder("wc-otp") { folder in
            let fixture = try Fixture(folder: folder)
            let authenticator = try fixture.open()
            let enrollment = try authenticator.enroll(user: "u1", account: "alice@example.com")
            #expect(enrollment.uri.secret.count == 20)
            #expect(enrollment.uri.issuer == "Example Wallet" && enrollment.uri.account == "alice@example.com")
            #expect(try Base32.decode(enrollment.manualEntryKey) == enrollment.uri.secret)
            // Issue 15: one Base32 string without spaces, the URI as text, a readable status.
            #expect(enrollment.secretBase32.count == 32 && !enrollment.secretBase32.contains(" "))
            #expect(try Base32.decode(enrollment.secretBase32) == enrollment.uri.secret)
            #expect(enrollment.uriString.hasPrefix("otpauth://totp/Example%20Wallet:alice%40example.com?secret="))
            #expect(
                "\(try #require(try authenticator.status(user: "u1")))"
                    == "pending, 0 failures, not locked, 0 recovery codes left, drift 0, key version 1")
            expectCode(.notEnrolled) { _ = try authenticator.verify(user: "u1", code: try fixture.code(enrollment)) }
            expectCode(.verificationFailed) { _ = try authenticator.confirm(user: "u1", code: "000000") }
            #expect(try authenticator.status(user: "u1")?.failureCount == 1)
            let recovery = try authenticator.confirm(user: "u1", code: try fixture.code(enrollment))
            #expect(recovery.count == 10 && Set(recovery).count == 10)
            #expect(try authenticator.status(user: "u1")?.failureCount == 0)
            // The confirming code was recorded: it does not verify again, and the server is told it is
            // a replay, which does not count as a failed guess.
            expectCode(.replayedCode) {
                _ = try authenticator.verify(user: "u1", code: try fixture.code(enrollment))
            }
            #expect(try authenticator.status(user: "u1")?.failureCount == 0)
            expectCode(.alreadyEnrolled) { _ = try authenticator.enroll(user: "u1", account: "alice") }
            fixture.clock.advance(30)
            let code = try fixture.code(enrollment)
            let verification = try authenticator.verify(user: "u1", code: code)
            #expect(verification.drift == 0)
            expectCode(.replayedCode) { _ = try authenticator.verify(user: "u1", code: code) }
            // An earlier step still inside the window is refused too: it is at or below the last one.
            fixture.clock.advance(30)
            expectCode(.replayedCode) { _ = try authenticator.verify(user: "u1", code: code) }
            #expect(try authenticator.status(user: "u1")?.failureCount == 0)
            // A wrong code is still the generic failure, and counts.
            expectCode(.verificationFailed) { _ = try authenticator.verify(user: "u1", code: "000000") }
            #expect(try authenticator.status(user: "u1")?.failureCount == 1)
            #expect(
                try authenticator.verify(user: "u1", code: try fixture.code(enrollment)).step == verification.step + 1)
        }
    }

    @Test func recordsClockDrift() throws {
        try withTemporaryFolder("wc-otp") { folder in
            let fixture = try Fixture(folder: folder)
            let authenticator = try fixture.open()
            let (enrollment, _) = try fixture.enrolled(authenticator, "u1")
            #expect(try authenticator.verify(user: "u1", code: try fixture.code(enrollment, steps: 1)).drift == 1)
            #expect(try authenticator.status(user: "u1")?.drift == 1)
            fixture.clock.advance(90)
            #expect(try authenticator.verify(user: "u1", code: try fixture.code(enrollment, steps: -1)).drift == -1)
            expectCode(.verificationFailed) {
                _ = try authenticator.verify(user: "u1", code: try fixture.code(enrollment, steps: 3))
            }
        }
    }

    @Test func backsOffThenLocksAndBothSurviveARestart() throws {
        try withTemporaryFolder("wc-otp") { folder in
            let fixture = try Fixture(folder: folder)
            var authenticator = try fixture.open()
            let (enrollment, _) = try fixture.enrolled(authenticator, "u1")
            for _ in 0..<3 {
                expectCode(.verificationFailed) { _ = try authenticator.verify(user: "u1", code: "000000") }
            }
            // After three failures even the right code waits for the back-off, and is not consumed.
            expectCode(.throttled) { _ = try authenticator.verify(user: "u1", code: try fixture.code(enrollment)) }
            authenticator = try fixture.open()
            expectCode(.throttled) { _ = try authenticator.verify(user: "u1", code: "000000") }
            var delay: TimeInterval = 1
            for failure in 4...10 {
                fixture.clock.advance(delay)
                expectCode(.verificationFailed) { _ = try authenticator.verify(user: "u1", code: "000000") }
                #expect(try authenticator.status(user: "u1")?.failureCount == failure)
                delay *= 2
            }
            fixture.clock.advance(3600)
            authenticator = try fixture.open()
            #expect(try authenticator.status(user: "u1")?.isLocked == true)
            expectCode(.lockedOut) { _ = try authenticator.verify(user: "u1", code: try fixture.code(enrollment)) }
            try authenticator.unlock(user: "u1")
            #expect(try authenticator.verify(user: "u1", code: try fixture.code(enrollment)).drift == 0)
            #expect(try authenticator.status(user: "u1")?.failureCount == 0)
        }
    }

    @Test func replayIsRefusedAfterARestart() throws {
        try withTemporaryFolder("wc-otp") { folder in
            let fixture = try Fixture(folder: folder)
            let (enrollment, _) = try fixture.enrolled(try fixture.open(), "u1")
            let code = try fixture.code(enrollment)
            _ = try fixture.open().verify(user: "u1", code: code)
            expectCode(.replayedCode) { _ = try fixture.open().verify(user: "u1", code: code) }
        }
    }

    @Test func recoveryCodesWorkOnceAndRegenerationVoidsTheOldSet() throws {
        try withTemporaryFolder("wc-otp") { folder in
            let fixture = try Fixture(folder: folder)
            let (_, recovery) = try fixture.enrolled(try fixture.open(), "u1")
            try fixture.open().redeemRecoveryCode(user: "u1", code: recovery[0].lowercased())
            expectCode(.verificationFailed) { try fixture.open().redeemRecoveryCode(user: "u1", code: recovery[0]) }
            #expect(try fixture.open().status(user: "u1")?.recoveryCodesRemaining == 9)
            try fixture.open().redeemRecoveryCode(
                user: "u1", code: recovery[1].replacingOccurrences(of: "-", with: " "))
            let fresh = try fixture.open().regenerateRecoveryCodes(user: "u1")
            expectCode(.verificationFailed) { try fixture.open().redeemRecoveryCode(user: "u1", code: recovery[2]) }
            try fixture.open().redeemRecoveryCode(user: "u1", code: fresh[2])
            expectCode(.invalidCode) { try fixture.open().redeemRecoveryCode(user: "u1", code: "not-a-code!") }
            // Another user's code is no use here: the hash is bound to the user.
            let (_, other) = try fixture.enrolled(try fixture.open(), "u2")
            fixture.clock.advance(60)
            expectCode(.verificationFailed) { try fixture.open().redeemRecoveryCode(user: "u1", code: other[0]) }
        }
    }

    /// 100 concurrent verifications of one valid code, over two connections to the same file:
    /// exactly one succeeds.
    @Test func concurrentVerificationsOfOneCodeSucceedOnce() async throws {
        try await withTemporaryFolder("wc-otp") { folder in
            let fixture = try Fixture(folder: folder)
            let first = try fixture.open()
            let second = try fixture.open()
            let (enrollment, _) = try fixture.enrolled(first, "u1")
            let code = try fixture.code(enrollment)
            let successes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<100 {
                    let authenticator = index % 2 == 0 ? first : second
                    group.addTask { (try? authenticator.verify(user: "u1", code: code)) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(successes == 1)
        }
    }

    @Test func secretsAreSealedAndBoundToTheirUser() throws {
        try withTemporaryFolder("wc-otp") { folder in
            let fixture = try Fixture(folder: folder)
            let authenticator = try fixture.open()
            let (alice, _) = try fixture.enrolled(authenticator, "alice")
            _ = try fixture.enrolled(authenticator, "bob")
            let database =
                try Data(contentsOf: URL(fileURLWithPath: fixture.path))
                + ((try? Data(contentsOf: URL(fileURLWithPath: fixture.path + "-wal"))) ?? Data())
            let secret = alice.uri.secret.withUnsafeBytes { Data($0) }
            #expect(database.range(of: secret) == nil)
            let mode = try FileManager.default.attributesOfItem(atPath: fixture.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            // Alice's sealed secret copied into Bob's row does not open as Bob's.
            let store = try SQLiteAuthenticatorStore(path: fixture.path)
            let sealed = try store.updateFactor(of: "alice") { $0?.sealedSecret }
            try store.updateFactor(of: "bob") { $0?.sealedSecret = sealed! }
            expectCode(.storageFailure) { _ = try authenticator.verify(user: "bob", code: try fixture.code(alice)) }
        }
    }

    @Test func rotatesTheKeyEncryptionKeyWithoutReenrolment() throws {
        try withTemporaryFolder("wc-otp") { folder in
            let fixture = try Fixture(folder: folder)
            var enrollments: [String: Enrollment] = [:]
            for user in ["a", "b", "c", "d", "e"] {
                enrollments[user] = try fixture.enrolled(try fixture.open(), user).0
            }
            let both = try fixture.open(keys: Fixture.keyRing(current: 2, versions: [1, 2]))
            #expect(try both.rewrapSecrets(limit: 2) == 2)
            #expect(try both.rewrapSecrets(limit: 10) == 3)
            #expect(try both.rewrapSecrets() == 0)
            let onlyNew = try fixture.open(keys: Fixture.keyRing(current: 2, versions: [2]))
            for (user, enrollment) in enrollments {
                #expect(try onlyNew.status(user: user)?.keyVersion == 2)
                _ = try onlyNew.verify(user: user, code: try fixture.code(enrollment))
            }
        }
    }

    @Test func badInputGetsAReasonNotACrash() throws {
        try withTemporaryFolder("wc-otp") { folder in
            let fixture = try Fixture(folder: folder)
            let authenticator = try fixture.open()
            _ = try fixture.enrolled(authenticator, "u1")
            for code in ["", "12345", "1234567", "12a456", "１２３４５６"] {
                expectCode(.invalidCode) { _ = try authenticator.verify(user: "u1", code: code) }
            }
            #expect(try authenticator.status(user: "u1")?.failureCount == 0)
            expectCode(.invalidParameter) { _ = try authenticator.verify(user: "", code: "123456") }
            expectCode(.invalidParameter) { _ = try authenticator.enroll(user: "a\u{0}b", account: "x") }
            expectCode(.invalidURI) { _ = try authenticator.enroll(user: "u2", account: "") }
            expectCode(.notEnrolled) { _ = try authenticator.verify(user: "nobody", code: "123456") }
            expectCode(.invalidParameter) {
                _ = try OTPKeyRing(
                    currentVersion: 3, keys: [1: SymmetricKey(size: 256)], recoveryCodeKey: SymmetricKey(size: 256))
            }
            var weak = AuthenticatorPolicy(issuer: "X")
            weak.secretByteCount = 10
            expectCode(.invalidParameter) {
                _ = try Authenticator(
                    store: SQLiteAuthenticatorStore(path: fixture.path), keys: fixture.keys, policy: weak)
            }
            // A user ID with a NUL is refused by every entry point, not cut short by the store.
            expectCode(.invalidParameter) { try authenticator.remove(user: "u1\u{0}x") }
            expectCode(.invalidParameter) { try authenticator.unlock(user: "u1\u{0}x") }
            #expect(try authenticator.status(user: "u1") != nil)
            try authenticator.remove(user: "u1")
            #expect(try authenticator.status(user: "u1") == nil)
        }
    }

    /// The enrolment QR code, rendered as PNG, decodes with the real zbarimg to the exact URI.
    @Test func enrolmentQRCodeDecodesToTheURI() throws {
        try withTemporaryFolder("wc-otp") { folder in
            let authenticator = try Fixture(folder: folder).open()
            let enrollment = try authenticator.enroll(user: "u1", account: "alice o'neil+wallet@example.com")
            let png = folder.appendingPathComponent("qr.png")
            try Data(enrollment.qrCode.png()).write(to: png)
            let decoded = try runPeer(["zbarimg", "-q", "--raw", png.path]).trimmingCharacters(in: .newlines)
            #expect(decoded == enrollment.uriString)
            #expect(try OTPAuthURI(parsing: decoded) == enrollment.uri)
            #expect(!enrollment.qrCode.terminalText().isEmpty)
        }
    }
}
