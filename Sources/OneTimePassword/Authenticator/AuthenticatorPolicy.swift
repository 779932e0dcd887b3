/// How an `Authenticator` makes factors and how hard it pushes back on guessing.
///
/// Security contract: the defaults (SHA-1, 6 digits, 30 s, ±1 step, back-off after 3 failures
/// doubling from 1 s up to 15 min, lockout after 10 failures, 10 recovery codes, 160-bit secrets)
/// keep an online guesser near 10 tries per factor between unlocks, about 1 in 10^5 of a
/// 6-digit code. Widening the window or raising the lockout count weakens that in proportion.
/// Digits other than 6, periods other than 30 s and algorithms other than SHA-1 are ignored by
/// common authenticator apps, which then show codes that never verify.
public struct AuthenticatorPolicy: Sendable {
    /// The issuer shown in authenticator apps, such as the wallet's name.
    public var issuer: String
    /// The HMAC hash for new factors.
    public var algorithm: OTPAlgorithm = .sha1
    /// The code length for new factors.
    public var digits = 6
    /// The TOTP period for new factors, in seconds.
    public var period = 30
    /// Steps accepted around the current one.
    public var window: OTPWindow = .standard
    /// Bytes of secret for new factors; at least 20 (160 bits, RFC 4226's recommendation).
    public var secretByteCount = 20
    /// Failures allowed before the back-off starts.
    public var failuresBeforeBackoff = 3
    /// The first back-off delay in seconds; it doubles with each further failure.
    public var backoffBase = 1
    /// The longest back-off delay in seconds.
    public var backoffMaximum = 900
    /// Failures that lock the factor until `Authenticator.unlock`.
    public var lockoutThreshold = 10
    /// Recovery codes per set.
    public var recoveryCodeCount = 10

    /// The defaults, for `issuer`.
    public init(issuer: String) { self.issuer = issuer }

    /// Seconds to wait after `failures` consecutive failures before the next attempt.
    func delay(afterFailures failures: Int) -> Int64 {
        guard failures >= failuresBeforeBackoff else { return 0 }
        let doublings = min(failures - failuresBeforeBackoff, 30)
        return Int64(min(backoffBase << doublings, backoffMaximum))
    }

    func validate() throws(OTPError) {
        guard secretByteCount >= 20, secretByteCount <= 64, (6...8).contains(digits), (1...3600).contains(period),
            failuresBeforeBackoff >= 0, backoffBase >= 0, backoffMaximum >= backoffBase, lockoutThreshold >= 1,
            (1...100).contains(recoveryCodeCount), !issuer.isEmpty, !issuer.contains(":")
        else {
            throw OTPError(.invalidParameter, "the authenticator policy has a value out of range")
        }
    }
}
