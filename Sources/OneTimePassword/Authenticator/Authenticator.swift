import Foundation
import WalletCrypto

/// The second-factor service a wallet backend calls: enrolment, confirmation, verification with
/// replay protection, throttling and lockout, recovery codes, and key rotation.
///
/// Security contract:
/// - A code is accepted at most once: each success records its time step, and only later steps
///   verify after it. The store's per-user transaction makes this hold across concurrent calls.
/// - A wrong or out-of-window code throws `.verificationFailed`; a code that was already accepted
///   throws `.replayedCode` (for the server's support staff: show the user the same generic failure
///   for both), which is not counted toward lockout; a malformed code throws `.invalidCode` and is
///   not counted either.
/// - Failures back off exponentially and then lock the factor; both persist in the store.
/// - Secrets are sealed under `OTPKeyRing` and opened only for the duration of one check.
/// - Enrolment, confirmation, lockout, unlock, recovery-code use and regeneration, removal and key
///   rotation are recorded in a tamper-evident audit log (`docs/spec/audit-log-v1.md`), with the
///   user ID as its exact bytes and never a code or a secret.
/// - The clock is injected; give a trusted, synchronised clock in production.
public final class Authenticator: Sendable {
    private let store: any AuthenticatorStore
    private let keys: OTPKeyRing
    private let auditLog: AuditLog
    /// The policy in force.
    public let policy: AuthenticatorPolicy
    private let clock: @Sendable () -> Date

    /// Throws `OTPError` `.invalidParameter` for a policy with a value out of range or invalid audit log options.
    public init(
        store: any AuthenticatorStore, keys: OTPKeyRing, policy: AuthenticatorPolicy,
        auditLog options: AuditLogOptions = AuditLogOptions(origin: "walletcustody/otp"),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        try policy.validate()
        self.store = store
        self.keys = keys
        do {
            auditLog = try AuditLog(options: options, keys: keys.keys, currentVersion: keys.currentVersion)
        } catch {
            throw OTPError(.invalidParameter, "the audit log options are invalid: \(reasonOf(error))")
        }
        self.policy = policy
        self.clock = clock
    }

    /// Starts enrolment with a fresh secret. The factor stays pending until `confirm`. Throws
    /// `.alreadyEnrolled` when the user has an active factor; a pending one is replaced.
    /// Throws `OTPError`.
    public func enroll(user: String, account: String) throws -> Enrollment {
        try Self.check(user)
        let secret = SecureBytes(randomByteCount: policy.secretByteCount)
        let uri = try OTPAuthURI(
            kind: .totp(period: policy.period), issuer: policy.issuer, account: account, secret: secret,
            algorithm: policy.algorithm, digits: policy.digits)
        let qrCode = try QRCode(encoding: uri.absoluteString)
        let record = OTPFactorRecord(
            state: .pending, algorithm: policy.algorithm, digits: policy.digits, period: policy.period,
            keyVersion: keys.currentVersion, sealedSecret: try keys.seal(secret, user: user),
            createdAt: Self.seconds(clock()), profile: keys.profile)
        try transact(user) { (stored: inout OTPFactorRecord?, audit) throws(OTPError) in
            if stored?.state == .active {
                throw OTPError(.alreadyEnrolled, "the user already has an active factor; remove it first")
            }
            stored = record
            try Self.record(
                audit, "otp-enroll", user, at: record.createdAt, detail: "key version \(keys.currentVersion)")
            return .success(())
        }
        return Enrollment(uri: uri, qrCode: qrCode)
    }

    /// Activates a pending factor with a valid code and returns the first set of recovery codes,
    /// which are shown once and stored only as keyed hashes.
    /// Throws `OTPError`.
    public func confirm(user: String, code: String) throws -> [String] {
        let codes = RecoveryCodes.generate(count: policy.recoveryCodeCount)
        let hashes = try codes.map { (code) throws(OTPError) in try recoveryHash(code, user: user) }
        let now = clock()
        try attempt(user, in: .pending, at: now) { (record, audit) throws(OTPError) -> Void? in
            guard try accept(code, for: &record, user: user, at: now) != nil else { return nil }
            record.state = .active
            record.recoveryCodeHashes = hashes
            try Self.record(audit, "otp-confirm", user, at: Self.seconds(now))
            return ()
        }
        return codes
    }

    /// Checks a code from an active factor and records its step, so it never verifies again.
    /// Throws `OTPError`.
    public func verify(user: String, code: String) throws -> OTPVerification {
        let now = clock()
        return try attempt(user, in: .active, at: now) { (record, _) throws(OTPError) in
            try accept(code, for: &record, user: user, at: now)
        }
    }

    /// Accepts an unused recovery code once, counting failures like `verify`.
    /// Throws `OTPError`.
    public func redeemRecoveryCode(user: String, code: String) throws {
        let hash = try recoveryHash(code, user: user)
        let now = clock()
        try attempt(user, in: .active, at: now) { (record, audit) throws(OTPError) -> Void? in
            var found: Int?
            for (index, stored) in record.recoveryCodeHashes.enumerated() {
                let equal = stored.withUnsafeBytes { stored in
                    hash.withUnsafeBytes { ConstantTimeComparison.equals(stored, $0) }
                }
                if equal && found == nil { found = index }
            }
            guard let found else { return nil }
            record.recoveryCodeHashes.remove(at: found)
            try Self.record(
                audit, "otp-recovery-code-used", user, at: Self.seconds(now),
                detail: "\(record.recoveryCodeHashes.count) left")
            return ()
        }
    }

    /// Replaces the user's recovery codes with a new set; the old codes stop working at once.
    /// Throws `OTPError`.
    public func regenerateRecoveryCodes(user: String) throws -> [String] {
        let codes = RecoveryCodes.generate(count: policy.recoveryCodeCount)
        let hashes = try codes.map { (code) throws(OTPError) in try recoveryHash(code, user: user) }
        try transact(user) { (record: inout OTPFactorRecord?, audit) throws(OTPError) in
            guard let current = record, current.state == .active else { throw Self.notActive }
            try keys.checkProfile(of: current)
            record?.recoveryCodeHashes = hashes
            try Self.record(audit, "otp-recovery-codes-regenerated", user, at: Self.seconds(clock()))
            return .success(())
        }
        return codes
    }

    /// Clears a lockout and the failure count, for an administrator who has re-identified the user.
    /// `actor` (the administrator, `Identifier` syntax) is recorded in the audit log.
    /// Throws `OTPError`.
    public func unlock(user: String, actor: String = "administrator") throws {
        guard Identifier.isValid(actor) else { throw OTPError(.invalidParameter, "an actor is \(Identifier.rule)") }
        try transact(user) { (record: inout OTPFactorRecord?, audit) throws(OTPError) in
            guard record != nil else { throw Self.notActive }
            try Self.record(audit, "otp-unlock", user, actor: actor, at: Self.seconds(clock()))
            record?.lockedAt = nil
            record?.failureCount = 0
            record?.lastFailureAt = nil
            return .success(())
        }
    }

    /// Deletes the user's factor and recovery codes.
    /// Throws `OTPError`.
    public func remove(user: String) throws {
        try transact(user) { (record: inout OTPFactorRecord?, audit) throws(OTPError) in
            if record != nil { try Self.record(audit, "otp-remove", user, at: Self.seconds(clock())) }
            record = nil
            return .success(())
        }
    }

    /// The factor's state without secrets, or nil when the user has none.
    /// Throws `OTPError`.
    public func status(user: String) throws -> OTPFactorStatus? {
        try transact(user) { (record: inout OTPFactorRecord?, _) throws(OTPError) in
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
    /// Throws `OTPError`.
    public func rewrapSecrets(limit: Int = 100) throws -> Int {
        let users: [String]
        do {
            users = try store.users(withKeyVersionOtherThan: keys.currentVersion, limit: limit)
        } catch {
            throw OTPError(.storageFailure, "the factor store failed: \(error)")
        }
        for user in users {
            try transact(user) { (record: inout OTPFactorRecord?, audit) throws(OTPError) in
                guard var current = record, current.keyVersion != keys.currentVersion else { return .success(()) }
                let secret = try keys.open(
                    current.sealedSecret, version: current.keyVersion, user: user, profile: current.profile)
                current.sealedSecret = try keys.seal(secret, user: user)
                try Self.record(
                    audit, "otp-rewrap", user, at: Self.seconds(clock()),
                    detail: "key version \(current.keyVersion) to \(keys.currentVersion)")
                current.keyVersion = keys.currentVersion
                record = current
                return .success(())
            }
        }
        return users.count
    }

    /// The step of `code` if it verifies after the last accepted step, recording it in `record`;
    /// nil for a wrong code. Throws `.replayedCode` for a code of an already accepted step (in the
    /// window, at or before the last accepted step): it is not a guess, so the caller's transaction
    /// rolls back and nothing is counted.
    private func accept(_ code: String, for record: inout OTPFactorRecord, user: String, at now: Date)
        throws(OTPError) -> OTPVerification?
    {
        let secret = try keys.open(
            record.sealedSecret, version: record.keyVersion, user: user, profile: record.profile)
        let after = record.lastStep.map { UInt64($0) }
        let (matched, replayed, now) = try OTPError.narrowing(.invalidParameter) { [policy, record] in
            let totp = try TOTP(
                secret: secret, algorithm: record.algorithm, digits: record.digits, period: record.period)
            let matched = try totp.match(code, at: now, window: policy.window, after: after)
            let replayed = try matched == nil && after != nil && totp.match(code, at: now, window: policy.window) != nil
            return (matched, replayed, try totp.timeStep(at: now))
        }
        guard let step = matched else {
            if replayed { throw OTPError.replayedCode }
            return nil
        }
        let drift = Int(Int64(step) - Int64(now))
        record.lastStep = Int64(step)
        record.drift = drift
        return OTPVerification(step: step, drift: drift)
    }

    /// Runs one counted attempt: refuses locked or throttled factors, then lets `check` decide;
    /// a nil from `check` is a failure that is recorded (and a lockout audited) before
    /// `.verificationFailed` is thrown.
    private func attempt<T>(
        _ user: String, in state: OTPFactorRecord.State, at date: Date,
        _ check: (inout OTPFactorRecord, AuditAppender) throws(OTPError) -> T?
    ) throws(OTPError) -> T {
        try Self.check(user)
        let now = Self.seconds(date)
        return try transact(user) { (stored: inout OTPFactorRecord?, audit) throws(OTPError) -> Result<T, OTPError> in
            guard var record = stored, record.state == state else {
                throw state == .active ? Self.notActive : OTPError(.notEnrolled, "the user has no pending factor")
            }
            try keys.checkProfile(of: record)
            guard record.lockedAt == nil else {
                throw OTPError(
                    .lockedOut, "too many failed attempts; the factor is locked until an administrator unlocks it")
            }
            if let last = record.lastFailureAt {
                let wait = last + policy.delay(afterFailures: record.failureCount) - now
                if wait > 0 { throw OTPError(.throttled, "too many failed attempts; try again in \(wait) s") }
            }
            if let value = try check(&record, audit) {
                record.failureCount = 0
                record.lastFailureAt = nil
                stored = record
                return .success(value)
            }
            record.failureCount += 1
            record.lastFailureAt = now
            if record.failureCount >= policy.lockoutThreshold {
                record.lockedAt = now
                try Self.record(audit, "otp-lockout", user, at: now, detail: "\(record.failureCount) failures")
            }
            stored = record
            return .failure(.verificationFailed)
        }
    }

    /// Runs `body` in the store's transaction for `user`, with an audit appender whose entries
    /// commit with it. A thrown error rolls back; a returned failure is committed first (a counted
    /// failure must persist) and thrown afterwards. A checkpoint is written after the commit when
    /// the log crossed a multiple of the checkpoint interval.
    private func transact<T>(
        _ user: String, _ body: (inout OTPFactorRecord?, AuditAppender) throws(OTPError) -> Result<T, OTPError>
    ) throws(OTPError) -> T {
        try Self.check(user)
        let result: Result<T, OTPError>
        var committed: (start: UInt64, head: MerkleFrontier)?
        do {
            result = try store.updateFactor(of: user) { record, storage in
                let audit = try auditLog.appender(storage)
                let result = try body(&record, audit)
                committed = try audit.finish().map { (audit.startSize, $0) }
                return result
            }
        } catch let error as OTPError {
            throw error
        } catch {
            throw OTPError(.storageFailure, "the factor store failed: \(error)")
        }
        // Committed already: a failed automatic checkpoint must not fail the operation (see CardVault).
        if let committed { _ = try? auditLog.committed(from: committed.start, to: committed.head) }
        return try result.get()
    }

    /// Appends an audit entry about `user`; an entry the log cannot hold (a field over 65,535
    /// bytes) becomes a storage failure. The store is written in `finish`.
    private static func record(
        _ audit: AuditAppender, _ action: String, _ user: String, actor: String = "authenticator", at time: Int64,
        detail: String = ""
    ) throws(OTPError) {
        do {
            try audit.append(time: time, scope: user, actor: actor, action: action, detail: detail)
        } catch {
            throw OTPError(.storageFailure, "appending to the audit log failed: \(error)")
        }
    }

    /// Checks the whole audit log against its checkpoint file and `checkpoints` (signed notes kept
    /// elsewhere); see `AuditLog.verify`. Throws `OTPError` `.storageFailure` for a tampered log, naming the problem.
    public func verifyAuditLog(checkpoints: [String] = []) throws -> AuditLogVerification {
        do {
            return try store.withAuditLog { try auditLog.verify($0, checkpoints: checkpoints) }
        } catch {
            throw OTPError(.storageFailure, "the audit log does not verify: \(error)")
        }
    }

    /// Signs a checkpoint of the audit log now, appends it to the checkpoint file if there is one,
    /// and returns the signed note.
    /// Throws `OTPError`.
    public func checkpoint() throws -> String {
        do {
            return try auditLog.writeCheckpoint(try store.withAuditLog { try $0.auditLogHead() })
        } catch {
            throw OTPError(.storageFailure, "writing a checkpoint failed: \(error)")
        }
    }

    /// The public keys of the audit log's checkpoints, newest first.
    public var auditVerifierKeys: [String] { auditLog.verifierKeys }

    /// Up to `limit` audit entries from `sequence` on, parsed but not verified.
    /// Throws `OTPError`.
    public func auditEntries(from sequence: UInt64 = 1, limit: Int = 1000) throws -> [AuditEntry] {
        do {
            return try store.withAuditLog { storage in
                try storage.auditRecords(from: sequence, limit: limit).map { try AuditEntry(encoded: $0.entry) }
            }
        } catch {
            throw OTPError(.storageFailure, "reading the audit log failed: \(error)")
        }
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
