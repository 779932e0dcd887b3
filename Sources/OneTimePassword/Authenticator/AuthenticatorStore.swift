import WalletCrypto

/// Where an `Authenticator` keeps each user's factor and its audit log: the seam between the OTP
/// logic and a database (SQLite in `CustodyStore`; PostgreSQL when a service runs on several
/// machines).
///
/// Security contract: `updateFactor` is the only way to change a record and must be atomic and
/// isolated per user: two concurrent calls for one user never both see the same old record
/// (that is what stops a code being accepted twice), and the change, with the audit entries
/// appended through the `AuditLogStorage` it lends, is durable when the call returns. A store
/// never sees a secret in the clear.
public protocol AuthenticatorStore: Sendable {
    /// Runs `body` on the user's record (nil when there is none) and the store's audit log in one
    /// transaction, then writes back what `body` leaves, deleting the record for nil, and commits
    /// durably before returning `body`'s result. When `body` throws, nothing is written.
    /// Throws `OTPError`.
    func updateFactor<T>(of user: String, auditing body: (inout OTPFactorRecord?, any AuditLogStorage) throws -> T)
        throws -> T

    /// Runs `body` on the audit log alone, in one transaction.
    /// Throws `OTPError`.
    func withAuditLog<T>(_ body: (any AuditLogStorage) throws -> T) throws -> T

    /// Up to `limit` users whose secret is sealed under a key version other than `version`.
    /// Throws `OTPError`.
    func users(withKeyVersionOtherThan version: Int, limit: Int) throws -> [String]
}

extension AuthenticatorStore {
    /// `updateFactor(of:auditing:)` without touching the audit log.
    /// Throws `OTPError`.
    public func updateFactor<T>(of user: String, _ body: (inout OTPFactorRecord?) throws -> T) throws -> T {
        try updateFactor(of: user) { record, _ in try body(&record) }
    }
}
