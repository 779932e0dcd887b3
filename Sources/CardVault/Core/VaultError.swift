import WalletCrypto

/// The one error type CardVault throws.
///
/// Security contract: `reason` never contains a PAN, a token's hidden digits, key material or
/// plaintext; card input errors name the rule broken, not the digits. Every failed decryption or
/// authentication of stored data throws the one `.authenticationFailure`.
public struct VaultError: CodedError {
    /// A stable, comparable category for the error.
    public typealias Code = ErrorCode<VaultError>

    /// The category of this error.
    public let code: Code
    /// One sentence saying what was wrong, without card data.
    public let reason: String

    /// Creates an error with a code and a reason that must not contain card data or secrets.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The single error every failed decryption of stored data throws.
    public static let authenticationFailure = VaultError(
        .authenticationFailure, "stored card data failed authentication")
}

extension ErrorCode where Domain == VaultError {
    /// A PAN or expiry that is malformed, fails Luhn, has the wrong length or has expired.
    public static let invalidCard = Self("invalidCard")
    /// No such token for this tenant.
    public static let unknownToken = Self("unknownToken")
    /// The token has passed its expiry.
    public static let expiredToken = Self("expiredToken")
    /// `createTenant` of an existing tenant, or `ensureTenant` with another policy than it has.
    public static let tenantExists = Self("tenantExists")
    /// The tenant's keys were destroyed; its records can never be read again.
    public static let tenantShredded = Self("tenantShredded")
    /// A KEK that is not this vault's (a wrong key file, a wrong secret, or custodian components
    /// that combine to another key), or a KEK version the vault has not recorded. Too few or
    /// malformed custodian components are `CryptoError.insufficientComponents`, raised before this.
    public static let wrongKey = Self("wrongKey")
    /// Stored data did not authenticate; deliberately says nothing more.
    public static let authenticationFailure = Self("authenticationFailure")
    /// The audit log was edited, reordered or cut.
    public static let auditTampered = Self("auditTampered")
    /// A parameter out of range: a tenant name, a batch size, a policy value, a key size.
    public static let invalidParameter = Self("invalidParameter")
    /// The store failed to read or write.
    public static let storageFailure = Self("storageFailure")
}
