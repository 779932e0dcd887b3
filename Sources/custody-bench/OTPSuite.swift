import CustodyStore
import Foundation
import OneTimePassword
import WalletCrypto

/// Issue 5's rows: TOTP against the HMAC it rests on and against pyotp, and the Authenticator on SQLite.
extension Suite {
    static func otp(_ sink: Sink) -> [Benchmark] {
        [totpGenerate(sink), totpVerify(sink)] + (pyotpAvailable ? [totpVersusPyotp(sink)] : [])
            + [authenticatorVerify(sink)]
    }

    private static let secret = bytes(20, seed: 21)
    private static let moment = Date(timeIntervalSince1970: 1_700_000_000)

    /// One 6-digit SHA-1 code at a fixed time, against one HMAC-SHA-1 of an 8-byte counter.
    private static func totpGenerate(_ sink: Sink) -> Benchmark {
        Benchmark("TOTP generate (SHA-1, 6 digits) vs 1 HMAC", inputLabel: "8 B", goal: .totp) {
            let totp = try TOTP(secret: SecureBytes(secret))
            let direct = try DirectHMAC(digest: "SHA1", key: secret)
            let counter = withUnsafeBytes(of: try totp.timeStep(at: moment).bigEndian, Array.init)
            return (
                { sink.eat(UInt8(truncatingIfNeeded: try totp.code(at: moment).utf8.count)) },
                { sink.eat(try counter.withUnsafeBytes { try direct.authenticate($0) }) }
            )
        }
    }

    /// A check of the current code with a window of ±1 step (three HMACs, every step compared),
    /// against three HMAC-SHA-1 of 8-byte counters.
    private static func totpVerify(_ sink: Sink) -> Benchmark {
        Benchmark("TOTP verify ±1 (SHA-1, 6 digits) vs 3 HMAC", inputLabel: "8 B", goal: .totp) {
            let totp = try TOTP(secret: SecureBytes(secret))
            let direct = try DirectHMAC(digest: "SHA1", key: secret)
            let code = try totp.code(at: moment)
            let step = try totp.timeStep(at: moment)
            let counters = (step - 1...step + 1).map { withUnsafeBytes(of: $0.bigEndian, Array.init) }
            return (
                { sink.eat(UInt8(truncatingIfNeeded: try totp.match(code, at: moment) ?? 0)) },
                {
                    for counter in counters { sink.eat(try counter.withUnsafeBytes { try direct.authenticate($0) }) }
                }
            )
        }
    }

    private static let pyotpAvailable =
        (try? runPython("import pyotp")) != nil
        || {
            FileHandle.standardError.write(Data("custody-bench: pyotp is not installed; skipping its row\n".utf8))
            return false
        }()

    /// Our ±1 check against pyotp's `TOTP.verify(code, valid_window=1)` on the same machine, timed by
    /// Python's `timeit` (best of 5 repeats) in a child process.
    private static func totpVersusPyotp(_ sink: Sink) -> Benchmark {
        Benchmark(
            "TOTP verify ±1 vs pyotp TOTP.verify", inputLabel: "8 B", goal: .totpVersusPyotp,
            externalRate: pyotpVerifyRate,
            prepare: {
                let totp = try TOTP(secret: SecureBytes(secret))
                let code = try totp.code(at: moment)
                return ({ sink.eat(UInt8(truncatingIfNeeded: try totp.match(code, at: moment) ?? 0)) }, {})
            })
    }

    /// pyotp's ±1 verifications per second for the same secret and time.
    private static func pyotpVerifyRate() throws -> Double {
        let script = """
            import base64, timeit, pyotp
            totp = pyotp.TOTP(base64.b32encode(bytes.fromhex('\(Hex.encode(secret))')).decode())
            code = totp.at(1700000000)
            assert totp.verify(code, for_time=1700000000, valid_window=1)
            n = 20000
            best = min(timeit.repeat(lambda: totp.verify(code, for_time=1700000000, valid_window=1),
                                     number=n, repeat=5))
            print(n / best)
            """
        guard let rate = Double(try runPython(script)) else { throw BenchError("pyotp printed no rate") }
        return rate
    }

    /// `Authenticator.verify` of a wrong code on a durable SQLite store (each call commits its
    /// failure count), against the bare durable SQLite read-modify-write it rests on.
    private static func authenticatorVerify(_ sink: Sink) -> Benchmark {
        Benchmark("Authenticator.verify on SQLite vs bare durable txn", inputLabel: "1 user") {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custody-bench-otp")
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let authenticator = try benchAuthenticator(
                SQLiteAuthenticatorStore(path: folder.appendingPathComponent("otp.sqlite").path), keys: benchKeys())
            let wrong = try enrolWithWrongCode(authenticator, user: "u1")
            let direct = try DirectSQLite(path: folder.appendingPathComponent("direct.sqlite").path)
            return (
                {
                    do {
                        _ = try authenticator.verify(user: "u1", code: wrong)
                    } catch let error as OTPError where error.code == .verificationFailed {
                        sink.eat(1)
                    }
                },
                { sink.eat(UInt8(truncatingIfNeeded: try direct.readAndUpdate())) }
            )
        }
    }

    /// The Authenticator rows' time: every call sees the same clock, so codes stay in one step.
    static let benchClock = Date(timeIntervalSince1970: 1_700_000_000)

    /// Fresh random keys for an Authenticator row.
    static func benchKeys() throws -> OTPKeyRing {
        try OTPKeyRing(currentVersion: 1, keys: [1: SymmetricKey(size: 256)], recoveryCodeKey: SymmetricKey(size: 256))
    }

    /// An Authenticator on `store` whose failures never throttle: the rows measure the check and
    /// the durable commit.
    static func benchAuthenticator(_ store: any AuthenticatorStore, keys: OTPKeyRing) throws -> Authenticator {
        var policy = AuthenticatorPolicy(issuer: "Bench")
        policy.failuresBeforeBackoff = .max
        policy.lockoutThreshold = .max
        let clock = benchClock
        return try Authenticator(store: store, keys: keys, policy: policy, clock: { clock })
    }

    /// Enrols and confirms `user`; returns a wrong code to verify with.
    static func enrolWithWrongCode(_ authenticator: Authenticator, user: String) throws -> String {
        let enrollment = try authenticator.enroll(user: user, account: "bench")
        let totp = try TOTP(secret: enrollment.uri.secret)
        _ = try authenticator.confirm(user: user, code: try totp.code(at: benchClock))
        return String(format: "%06d", (Int(try totp.code(at: benchClock))! + 1) % 1_000_000)
    }

    private static func runPython(_ script: String) throws -> String {
        try ChildProgram.run(["python3", "-c", script])
    }
}
