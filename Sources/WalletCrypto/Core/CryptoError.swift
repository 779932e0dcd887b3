/// The one error type WalletCrypto throws.
///
/// Security contract: `reason` and `description` name what was wrong with the *parameters*
/// (a size, a range, a format) and, for backend failures, OpenSSL's own error text. They never
/// contain key material, plaintext or secret-dependent values. Every failed decryption, unwrap or
/// verification throws `.authenticationFailure` with the same fixed reason, so callers cannot learn
/// which check failed.
public struct CryptoError: CodedError {
    /// A stable, comparable category for the error.
    public typealias Code = ErrorCode<CryptoError>

    /// The category of this error.
    public let code: Code
    /// One sentence saying what was wrong. Never contains secret bytes.
    public let reason: String

    /// Creates an error with a code and a human-readable reason that must not contain secrets.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The single error every failed authentication check throws.
    public static let authenticationFailure = CryptoError(
        .authenticationFailure, "authentication failed")

}

extension ErrorCode where Domain == CryptoError {
    /// A key, nonce, tag or output size that the algorithm does not allow.
    public static let invalidParameter = Self("invalidParameter")
    /// Fewer custodian components than the threshold, or components that are malformed, mixed
    /// from different splits, or duplicated (`CustodianComponent`).
    public static let insufficientComponents = Self("insufficientComponents")
    /// Encoded input (a sealed box, a wrapped key, a file) that is malformed.
    public static let invalidEncoding = Self("invalidEncoding")
    /// Decryption, unwrapping or verification failed; deliberately says nothing more.
    public static let authenticationFailure = Self("authenticationFailure")
    /// A resource limit, such as scrypt's memory limit, would be exceeded.
    public static let limitExceeded = Self("limitExceeded")
    /// The loaded libcrypto is too old or lacks an algorithm WalletCrypto needs.
    public static let unsupportedBackend = Self("unsupportedBackend")
    /// OpenSSL reported an internal failure; the description carries its error queue.
    public static let backendFailure = Self("backendFailure")
}
