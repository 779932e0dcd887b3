/// CryptoKit's name for the Curve25519 schemes: `Curve25519.Signing` is `Ed25519` and
/// `Curve25519.KeyAgreement` is `X25519.KeyAgreement`, so CryptoKit code compiles unchanged.
///
/// Security contract: as `Ed25519` and `X25519.KeyAgreement`; these are the same types.
public enum Curve25519 {
    /// Ed25519 signatures (RFC 8032), CryptoKit's `Curve25519.Signing`.
    public typealias Signing = Ed25519
    /// X25519 key agreement (RFC 7748), CryptoKit's `Curve25519.KeyAgreement`.
    public typealias KeyAgreement = X25519.KeyAgreement
}
