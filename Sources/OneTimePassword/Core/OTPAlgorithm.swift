/// The HMAC hash a HOTP/TOTP factor uses, named as in otpauth:// URIs.
///
/// Security contract: SHA-1 is the default because common authenticator apps ignore any other
/// value and silently show wrong codes; HMAC-SHA-1 is not affected by SHA-1's collision attacks.
/// Choose SHA-256 or SHA-512 only when every user's app is known to support it.
public enum OTPAlgorithm: String, Sendable, CaseIterable {
    /// HMAC-SHA-1 (RFC 4226), the interoperable default.
    case sha1 = "SHA1"
    /// HMAC-SHA-256 (RFC 6238).
    case sha256 = "SHA256"
    /// HMAC-SHA-512 (RFC 6238).
    case sha512 = "SHA512"
}
