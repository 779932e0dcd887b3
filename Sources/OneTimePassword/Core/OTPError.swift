import WalletCrypto

/// The one error type OneTimePassword throws.
///
/// Security contract: `reason` names what was wrong with the input (a character, a length, a URI
/// field) and never contains a secret, a whole code or a recovery code. A wrong or out-of-window
/// code throws `.verificationFailed` with one fixed reason; a code already accepted throws
/// `.replayedCode`, so the server (never the end user) can tell a double submission from a guess.
public struct OTPError: CodedError {
    /// A stable, comparable category for the error.
    public typealias Code = ErrorCode<OTPError>

    /// The category of this error.
    public let code: Code
    /// One sentence saying what was wrong. Never contains secrets or codes.
    public let reason: String

    /// Creates an error with a code and a human-readable reason that must not contain secrets.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The error every wrong or out-of-window code throws.
    public static let verificationFailed = OTPError(.verificationFailed, "the code was not accepted")

    /// The error a code that was already accepted throws. For the server only: show the user the
    /// same generic failure as for `verificationFailed`.
    public static let replayedCode = OTPError(.replayedCode, "the code was already used")

}

extension ErrorCode where Domain == OTPError {
    /// Base32 text with a character outside RFC 4648's alphabet, or bad padding.
    public static let invalidBase32 = Self("invalidBase32")
    /// An otpauth:// URI that is malformed, ambiguous or has an out-of-range field.
    public static let invalidURI = Self("invalidURI")
    /// A code of the wrong length or with characters other than digits.
    public static let invalidCode = Self("invalidCode")
    /// A parameter out of range: digits, period, window, secret length, QR payload size.
    public static let invalidParameter = Self("invalidParameter")
    /// The code or recovery code was not accepted; deliberately says nothing more.
    public static let verificationFailed = Self("verificationFailed")
    /// The code is one already accepted (a double submission or a replay). Not counted toward
    /// lockout; tell the user nothing more than for `verificationFailed`.
    public static let replayedCode = Self("replayedCode")
    /// Too many recent failures: wait until `retryAfter` before trying again.
    public static let throttled = Self("throttled")
    /// Too many failures: the factor is locked until an administrator unlocks it.
    public static let lockedOut = Self("lockedOut")
    /// The user has no factor, or the operation needs the other state (pending or active).
    public static let notEnrolled = Self("notEnrolled")
    /// The user already has a confirmed factor; remove it before enrolling again.
    public static let alreadyEnrolled = Self("alreadyEnrolled")
    /// The stored state could not be read, opened or written.
    public static let storageFailure = Self("storageFailure")
}
