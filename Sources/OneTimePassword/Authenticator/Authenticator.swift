import Foundation
import WalletCrypto

/// The second-factor service a wallet backend calls: enrolment, confirmation, verification with
/// replay protection, throttling and lockout, recovery codes, and key rotation.
///
/// Security contract:
/// - A code is accepted at most once: each success records its time step, and only later steps
///   verify after it. The store's per-user transaction makes this hold across concurrent calls.
/// - Every rejected code throws the one `.verificationFailed`, whether it was wrong, replayed or
///   outside the window; a malformed code throws `.invalidCode` and is not counted.
/// - Failures back off exponentially and then lock the factor; both persist in the store.
/// - Secrets are sealed under `OTPKeyRing` and opened only for the duration of one check.
/// - The clock is injected; give a trusted, synchronised clock in production.
public final class Authenticator: Sendable {
    private let store: any AuthenticatorStore
    private let keys: OTPKeyRing
    /// The policy in force.
    public let policy: AuthenticatorPolicy
    private let clock: @Sendable () -> Date

    /// Throws `.invalidParameter` for a policy with a value out of range.
    public init(
        store: any AuthenticatorStore, keys: OTPKeyRing, policy: AuthenticatorPolicy,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws(OTPError) {
        try policy.validate()
        self.store = store
        self.keys = keys
        self.policy = policy
        self.clock = clock
    }

    /// Starts enrolment with a fresh secret. The factor stays pending until `confirm`. Throws
    /// `.alreadyEnrolled` when the user has an active factor; a pending one is replaced.
    public func enroll(user: String, account: String) throws(OTPError) -> Enrollment {
        try Self.check(user)
        let secret = SecureBytes(randomByteCount: policy.secretByteCount)
        let uri = try OTPAuthURI(
            kind: .totp(period: policy.period), issuer: policy.issuer, account: account, secret: secret,
            algorithm: policy.algorithm, digits: policy.digits)
        let qrCode = try QRCode(encoding: uri.uri)
        let record = OTPFactorRecord(
            state: .pending, algorithm: policy.algorithm, digits: policy.digits, period: policy.period,
            keyVersion: keys.currentVersion, sealedSecret: try keys.seal(secret, user: user),
            createdAt: Self.seconds(clock()))
        try transact(user) { (stored: inout OTPFactorRecord?) throws(OTPError) in
            if stored?.state == .active {
                throw OTPError(.alreadyEnrolled, "the user already has an active factor; remove it first")
            }
            stored = record
            return .success(())
        }
        return Enrollment(uri: uri, qrCode: qrCode)
    }

    /// Activates a pending factor with a valid code and returns the first set of recovery codes,
    /// which are shown once and stored only as keyed hashes.
    public func confirm(user: String, code: String) throws(OTPError) -> [String] {
        let codes = RecoveryCodes.generate(count: policy.recoveryCodeCount)
        let hashes = try codes.map { (code) throws(OTPError) in try recoveryHash(code, user: user) }
        let now = clock()
        try attempt(user, in: .pending, at: now) { (record) throws(OTPError) -> Void? in
            guard try accept(code, for: &record, user: user, at: now) != nil else { return nil }
            record.state = .active
            record.recoveryCodeHashes = hashes
            return ()
        }
        return codes
    }

    /// Checks a code from an active factor and records its step, so it never verifies again.
    public func verify(user: String, code: String) throws(OTPError) -> OTPVerification {
        let now = clock()
        return try attempt(user, in: .active, at: now) { (record) throws(OTPError) in
            try accept(code, for: &record, user: user, at: now)
        }
    }

    /// Accepts an unused recovery code once, counting failures like `verify`.
    public func redeemRecoveryCode(user: String, code: String) throws(OTPError) {
        let hash = try recoveryHash(code, user: user)
        try attempt(user, in: .active, at: clock()) { (record) throws(OTPError) -> Void? in
            var found: Int?
            for (index, stored) in record.recoveryCodeHashes.enumerated() {
                let equal = stored.withUnsafeBytes { stored in
                    hash.withUnsafeBytes { ConstantTimeComparison.equals(stored, $0) }
                }
                if equal && found == nil { found = index }
            }
            guard let found else { return nil }
            record.recoveryCodeHashes.remove(at: found)
            return ()
        }
    }

    /// Replaces the user's recovery codes with a new set; the old codes stop working at once.
    public func regenerateRecoveryCodes(user: String) throws(OTPError) -> [String] {
        let codes = RecoveryCodes.generate(count: policy.recoveryCodeCount)
        let hashes = try codes.map { (code) throws(OTPError) in try recoveryHash(code, user: user) }
        try transact(user) { (record: inout OTPFactorRecord?) throws(OTPError) in
            guard record?.state == .active else { throw Self.notActive }
            record?.recoveryCodeHashes = hashes
            return .success(())
        }
        return codes
    }

    /// Clears a lockout and the failure count, for an administrator who has re-identified the user.
    public func unlock(user: String) throws(OTPError) {
        try transact(user) { (record: inout OTPFactorRecord?) throws(OTPError) in
            guard record != nil else { throw Self.notActive }
            record?.lockedAt = nil
            record?.failureCount = 0
            record?.lastFailureAt = nil
            return .success(())
        }
    }

    /// Deletes the user's factor and recovery codes.
    public func remove(user: String) throws(OTPError) {
        try transact(user) { (record: inout OTPFactorRecord?) throws(OTPError) in
            record = nil
            return .success(())
        }
    }

    /// The factor's state without secrets, or nil when the user has none.
    public func status(user: String) throws(OTPError) -> OTPFactorStatus? {
        try transact(user) { (record: inout OTPFactorRecord?) throws(OTPError) in
            .success(
                record.map {
                    OTPFactorStatus(
                        state: $0.state, failureCount: $0.failureCount, isLocked: $0.lockedAt != nil,
                        recoveryCodesRemaining: $0.recoveryCodeHashes.count, drift: $0.drift, keyVersion: $0.keyVersion)
                })
        }
    }

    /// Reseals up to `limit` secrets still under an older key version with the current one, and
    /// returns how many it resealed. Users keep their authenticator apps; run it until it returns 0,
    /// then the old key can be dropped. Safe to interrupt and run again.
    public func rewrapSecrets(limit: Int = 100) throws(OTPError) -> Int {
        let users: [String]
        do {
            users = try store.users(withKeyVersionOtherThan: keys.currentVersion, limit: limit)
        } catch {
            throw OTPError(.storageFailure, "the factor store failed: \(error)")
        }
        for user in users {
            try transact(user) { (record: inout OTPFactorRecord?) throws(OTPError) in
                guard var current = record, current.keyVersion != keys.currentVersion else { return .success(()) }
                let secret = try keys.open(current.sealedSecret, version: current.keyVersion, user: user)
                current.sealedSecret = try keys.seal(secret, user: user)
                current.keyVersion = keys.currentVersion
                record = current
                return .success(())
            }
        }
        return users.count
    }

    /// The step of `code` if it verifies after the last accepted step, recording it in `record`.
    private func accept(_ code: String, for record: inout OTPFactorRecord, user: String, at now: Date)
        throws(OTPError) -> OTPVerification?
    {
        let secret = try keys.open(record.sealedSecret, version: record.keyVersion, user: user)
        let totp = try TOTP(secret: secret, algorithm: record.algorithm, digits: record.digits, period: record.period)
        let after = record.lastStep.map { UInt64($0) }
        guard let step = try totp.match(code, at: now, window: policy.window, after: after) else { return nil }
        let drift = Int(Int64(step) - Int64(try totp.timeStep(at: now)))
        record.lastStep = Int64(step)
        record.drift = drift
        return OTPVerification(step: step, drift: drift)
    }

    /// Runs one counted attempt: refuses locked or throttled factors, then lets `check` decide;
    /// a nil from `check` is a failure that is recorded before `.verificationFailed` is thrown.
    private func attempt<T>(
        _ user: String, in state: OTPFactorRecord.State, at date: Date,
        _ check: (inout OTPFactorRecord) throws(OTPError) -> T?
    ) throws(OTPError) -> T {
        try Self.check(user)
        let now = Self.seconds(date)
        return try transact(user) { (stored: inout OTPFactorRecord?) throws(OTPError) -> Result<T, OTPError> in
            guard var record = stored, record.state == state else {
                throw state == .active ? Self.notActive : OTPError(.notEnrolled, "the user has no pending factor")
            }
            guard record.lockedAt == nil else {
                throw OTPError(
                    .lockedOut, "too many failed attempts; the factor is locked until an administrator unlocks it")
            }
            if let last = record.lastFailureAt {
                let wait = last + policy.delay(afterFailures: record.failureCount) - now
                if wait > 0 { throw OTPError(.throttled, "too many failed attempts; try again in \(wait) s") }
            }
            if let value = try check(&record) {
                record.failureCount = 0
                record.lastFailureAt = nil
                stored = record
                return .success(value)
            }
            record.failureCount += 1
            record.lastFailureAt = now
            if record.failureCount >= policy.lockoutThreshold { record.lockedAt = now }
            stored = record
            return .failure(.verificationFailed)
        }
    }

    /// Runs `body` in the store's transaction for `user`. A thrown error rolls back; a returned
    /// failure is committed first (a counted failure must persist) and thrown afterwards.
    private func transact<T>(
        _ user: String, _ body: (inout OTPFactorRecord?) throws(OTPError) -> Result<T, OTPError>
    ) throws(OTPError) -> T {
        try Self.check(user)
        let result: Result<T, OTPError>
        do {
            result = try store.updateFactor(of: user) { record in try body(&record) }
        } catch let error as OTPError {
            throw error
        } catch {
            throw OTPError(.storageFailure, "the factor store failed: \(error)")
        }
        return try result.get()
    }

    private func recoveryHash(_ code: String, user: String) throws(OTPError) -> [UInt8] {
        keys.recoveryCodeHash(try RecoveryCodes.normalize(code), user: user)
    }

    private static let notActive = OTPError(.notEnrolled, "the user has no active factor")

    private static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    /// User IDs are the store's keys and part of the sealing binding: non-empty UTF-8 without
    /// control characters, at most 256 bytes.
    private static func check(_ user: String) throws(OTPError) {
        guard !user.isEmpty, user.utf8.count <= 256,
            !user.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw OTPError(.invalidParameter, "a user ID is 1 to 256 bytes of text without control characters")
        }
    }
}
