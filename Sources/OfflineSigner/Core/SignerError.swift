import WalletCrypto

/// The one error type OfflineSigner throws; the CLI maps each code to its documented exit code.
///
/// Security contract: `reason` is one sentence naming the file, rule or field at fault. It never
/// contains a passphrase, key material or a signature's secret inputs. Every failed signature
/// check gives the same `.verificationFailed` reason.
public struct SignerError: CodedError {
    /// A stable, comparable category for the error.
    public typealias Code = ErrorCode<SignerError>

    /// The category of this error.
    public let code: Code
    /// One sentence saying what was wrong.
    public let reason: String

    /// Creates an error with a code and a reason that must not contain secrets.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The exit code `docs/offline-signer.md` documents for this error.
    public var exitCode: Int32 {
        switch code {
        case .usage: 2
        case .invalidFile: 3
        case .wrongPassphrase, .locked, .throttled: 4
        default: 1
        }
    }

    /// The single error every failed signature or hash check throws.
    public static let verificationFailed = SignerError(.verificationFailed, "verification failed")
}

extension ErrorCode where Domain == SignerError {
    /// A command line the tool does not accept (exit 2).
    public static let usage = Self("usage")
    /// A file that is missing, unreadable, malformed, of an unknown version or truncated (exit 3).
    public static let invalidFile = Self("invalidFile")
    /// A signature, payload hash or request binding did not verify (exit 1).
    public static let verificationFailed = Self("verificationFailed")
    /// The signing policy forbids the request; the reason names the rule (exit 1).
    public static let policyViolation = Self("policyViolation")
    /// The request's expiry has passed (exit 1).
    public static let expired = Self("expired")
    /// The request ID was signed before (exit 1).
    public static let replay = Self("replay")
    /// Fewer trusted signers than the threshold (exit 1).
    public static let thresholdNotMet = Self("thresholdNotMet")
    /// A non-loopback network interface is up (exit 1).
    public static let networkUp = Self("networkUp")
    /// The person reviewing did not confirm (exit 1).
    public static let notConfirmed = Self("notConfirmed")
    /// The passphrase did not open the key (exit 4).
    public static let wrongPassphrase = Self("wrongPassphrase")
    /// The keystore is locked for good after too many wrong passphrases (exit 4).
    public static let locked = Self("locked")
    /// A wrong passphrase was given recently; wait before trying again (exit 4).
    public static let throttled = Self("throttled")
    /// Writing an output failed (exit 1).
    public static let ioFailure = Self("ioFailure")
}
