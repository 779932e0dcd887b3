/// A key type: an algorithm together with the purpose its keys serve.
///
/// Security contract: a scheme fixes both, so `P256.Signing.PrivateKey` can sign and never agree on
/// keys, and `P256.KeyAgreement.PrivateKey` the other way round, even though both hold P-256 scalars.
public protocol KeyScheme: Sendable {
    /// The algorithm of this scheme's keys.
    static var algorithm: KeyAlgorithm { get }
    /// The one purpose this scheme's keys serve.
    static var purpose: KeyPurpose { get }
}

/// A signing scheme: Ed25519, ECDSA or SM2.
///
/// Security contract: see `AsymmetricPrivateKey.signature(for:)` and
/// `AsymmetricPublicKey.isValidSignature(_:for:)`.
public protocol SigningScheme: KeyScheme {}

/// A signing scheme whose signatures are a pair (r, s) over a digest: ECDSA and SM2.
///
/// Security contract: signatures have a DER and a raw r ‖ s form, and a digest computed elsewhere
/// (incrementally, in constant memory) can be signed directly.
public protocol WeierstrassSigningScheme: SigningScheme {}

/// A key-agreement scheme: X25519 or ECDH.
///
/// Security contract: see `AsymmetricPrivateKey.sharedSecretFromKeyAgreement(with:)`.
public protocol KeyAgreementScheme: KeyScheme {}

extension KeyScheme {
    /// This scheme's private key type.
    public typealias PrivateKey = AsymmetricPrivateKey<Self>
    /// This scheme's public key type.
    public typealias PublicKey = AsymmetricPublicKey<Self>
}

extension SigningScheme {
    /// The purpose of every signing scheme.
    public static var purpose: KeyPurpose { .signing }
    /// This scheme's signature type.
    public typealias Signature = AsymmetricSignature<Self>
}

extension KeyAgreementScheme {
    /// The purpose of every key-agreement scheme.
    public static var purpose: KeyPurpose { .keyAgreement }
}
