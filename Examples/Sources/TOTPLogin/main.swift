// TOTP enrolment and login on SQLite, checked against the real `oathtool`: enrol a user, confirm
// with the code oathtool computes from the enrolment secret, log in with the next code, and see
// the same code refused when replayed. Exits 1 if any step does not behave so.
import CustodyStore
import Foundation
import OneTimePassword
import WalletCrypto

/// A clock the example moves by hand, so it never waits for the next 30-second step.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// The code `oathtool --totp` prints for the Base32 secret at `date`.
func oathtoolCode(_ secret: String, at date: Date) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["oathtool", "--totp", "--base32", "--now", "@\(Int(date.timeIntervalSince1970))", secret]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ExampleFailure("oathtool failed; install oathtool") }
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
}

struct ExampleFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func run() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("totp-login-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    // Keys come from a KeySource in production (docs/key-sources.md); random ones will do here.
    let keys = try OTPKeyRing(
        currentVersion: 1, keys: [1: SymmetricKey(size: .bits256)], recoveryCodeKey: SymmetricKey(size: .bits256))
    let clock = ManualClock()
    let authenticator = try Authenticator(
        store: SQLiteAuthenticatorStore(path: folder.appendingPathComponent("otp.sqlite").path), keys: keys,
        policy: AuthenticatorPolicy(issuer: "Example Wallet"), clock: { clock.now })

    let enrollment = try authenticator.enroll(user: "alice", account: "alice@example.com")
    print("enrolled alice: \(enrollment.uri)")  // The description leaves the secret out.
    let recoveryCodes = try authenticator.confirm(
        user: "alice", code: try oathtoolCode(enrollment.secretBase32, at: clock.now))
    print("confirmed with oathtool's code; \(recoveryCodes.count) recovery codes issued")

    clock.advance(30)
    let code = try oathtoolCode(enrollment.secretBase32, at: clock.now)
    let login = try authenticator.verify(user: "alice", code: code)
    print("login accepted at step \(login.step)")

    do {
        _ = try authenticator.verify(user: "alice", code: code)
        throw ExampleFailure("the replayed code was accepted")
    } catch let error as OTPError where error.code == .replayedCode {
        print("replayed code refused: \(error)")
    }
    print("status: \(try authenticator.status(user: "alice").map { "\($0)" } ?? "none")")
}

do {
    try run()
    print("TOTPLogin: ok")
} catch {
    print("TOTPLogin: FAILED: \(error)")
    exit(1)
}
