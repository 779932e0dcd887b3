import WalletCrypto

/// A user's stored second factor, as an `AuthenticatorStore` keeps it.
///
/// Security contract: holds no secret in the clear. The OTP secret is sealed with AES-256-GCM, or
/// SM4-GCM in the ShangMi `profile`, under the key-encryption key `keyVersion`, bound to the user ID; recovery codes are kept only
/// as keyed hashes. A store must persist every field exactly and durably.
public struct OTPFactorRecord: Sendable, Equatable {
    /// Whether the user has confirmed the factor with a valid code.
    public enum State: String, Sendable, CustomStringConvertible {
        /// Enrolled, not yet confirmed: codes are accepted only by `confirm`.
        case pending
        /// Confirmed: codes are accepted by `verify`.
        case active

        /// "pending" or "active".
        public var description: String { rawValue }
    }

    /// Pending or active.
    public var state: State
    /// The factor's HMAC hash.
    public var algorithm: OTPAlgorithm
    /// The factor's code length.
    public var digits: Int
    /// The factor's TOTP period in seconds.
    public var period: Int
    /// The version of the key-encryption key that sealed `sealedSecret`.
    public var keyVersion: Int
    /// nonce ‖ ciphertext ‖ tag of the secret.
    public var sealedSecret: [UInt8]
    /// The algorithm profile the secret is sealed with; an authenticator of the other profile
    /// refuses the record.
    public var profile: AlgorithmProfile
    /// The last accepted time step; codes at or below it are refused.
    public var lastStep: Int64?
    /// The accepted step minus the server's step at the last success: the user's clock drift in steps.
    public var drift: Int
    /// Failed attempts since the last success.
    public var failureCount: Int
    /// When the last failure happened, in Unix seconds.
    public var lastFailureAt: Int64?
    /// When the factor locked, in Unix seconds; nil while unlocked.
    public var lockedAt: Int64?
    /// Keyed hashes of the unused recovery codes, 32 bytes each.
    public var recoveryCodeHashes: [[UInt8]]
    /// When the factor was enrolled, in Unix seconds.
    public var createdAt: Int64

    /// Assembles a record; `Authenticator` makes them, stores only read and write them back.
    public init(
        state: State, algorithm: OTPAlgorithm, digits: Int, period: Int, keyVersion: Int, sealedSecret: [UInt8],
        lastStep: Int64? = nil, drift: Int = 0, failureCount: Int = 0, lastFailureAt: Int64? = nil,
        lockedAt: Int64? = nil, recoveryCodeHashes: [[UInt8]] = [], createdAt: Int64,
        profile: AlgorithmProfile = .standard
    ) {
        self.profile = profile
        self.state = state
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
        self.keyVersion = keyVersion
        self.sealedSecret = sealedSecret
        self.lastStep = lastStep
        self.drift = drift
        self.failureCount = failureCount
        self.lastFailureAt = lastFailureAt
        self.lockedAt = lockedAt
        self.recoveryCodeHashes = recoveryCodeHashes
        self.createdAt = createdAt
    }
}
