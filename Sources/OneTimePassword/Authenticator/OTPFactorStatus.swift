/// What an administrator may see of a user's factor.
///
/// Security contract: contains no secret and no code; safe to show on an admin screen.
public struct OTPFactorStatus: Sendable, Equatable, CustomStringConvertible {
    /// Pending or active.
    public let state: OTPFactorRecord.State
    /// Failed attempts since the last success.
    public let failureCount: Int
    /// Whether the factor is locked until `Authenticator.unlock`.
    public let isLocked: Bool
    /// Unused recovery codes.
    public let recoveryCodesRemaining: Int
    /// The user's clock drift in steps at the last success.
    public let drift: Int
    /// The key version sealing the secret.
    public let keyVersion: Int

    /// One line for an admin screen or a log, for example
    /// `active, 0 failures, not locked, 10 recovery codes left, drift 0, key version 1`.
    public var description: String {
        "\(state), \(failureCount) failure\(failureCount == 1 ? "" : "s"), \(isLocked ? "locked" : "not locked"), "
            + "\(recoveryCodesRemaining) recovery code\(recoveryCodesRemaining == 1 ? "" : "s") left, "
            + "drift \(drift), key version \(keyVersion)"
    }
}
