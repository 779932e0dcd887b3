/// A key type: an algorithm together with the purpose its keys serve.
///
/// Security contract: a scheme fixes both, so `P256.Signing.PrivateKey` can sign and never agree on
/// keys, and `P256.KeyAgreement.PrivateKey` the other way round, even though both hold P-256 scalars.
/// The protocol is closed: its one requirement, `_identity`, has a type only WalletCrypto can
/// make, and that value alone decides the algorithm and (through its kind) the purpose. A type
/// declared elsewhere can at most repeat one of WalletCrypto's own schemes; it cannot, for
/// example, make secp256k1 a key-agreement scheme.
public protocol KeyScheme: Sendable {
    /// Signing (Edwards or Weierstrass) or key agreement; an implementation detail.
    associatedtype _Kind: _KeySchemeKind
    /// WalletCrypto's own description of this scheme; not constructible outside WalletCrypto.
    static var _identity: KeySchemeIdentity<_Kind> { get }
}

/// A signing scheme: Ed25519, ECDSA or SM2.
///
/// Security contract: see `AsymmetricPrivateKey.signature(for:)` and
/// `AsymmetricPublicKey.isValidSignature(_:for:)`. Closed, as `KeyScheme`.
public protocol SigningScheme: KeyScheme where _Kind: _SigningKind {}

/// A signing scheme whose signatures are a pair (r, s) over a digest: ECDSA and SM2.
///
/// Security contract: signatures have a DER and a raw r ‖ s form, and a digest computed elsewhere
/// (incrementally, in constant memory) can be signed directly. Closed, as `KeyScheme`.
public protocol WeierstrassSigningScheme: SigningScheme where _Kind == _WeierstrassSigning {}

/// A key-agreement scheme: X25519 or ECDH.
///
/// Security contract: see `AsymmetricPrivateKey.sharedSecretFromKeyAgreement(with:)`. Closed, as
/// `KeyScheme`.
public protocol KeyAgreementScheme: KeyScheme where _Kind == _KeyAgreement {}

extension KeyScheme {
    /// The algorithm of this scheme's keys.
    @inlinable public static var algorithm: KeyAlgorithm { _identity.algorithm }
    /// The one purpose this scheme's keys serve.
    @inlinable public static var purpose: KeyPurpose { _Kind.purpose }
    /// This scheme's private key type.
    public typealias PrivateKey = AsymmetricPrivateKey<Self>
    /// This scheme's public key type.
    public typealias PublicKey = AsymmetricPublicKey<Self>
}

extension SigningScheme {
    /// This scheme's signature type.
    public typealias Signature = AsymmetricSignature<Self>
}

extension WeierstrassSigningScheme {
    /// CryptoKit's name for the signature type: `P256.Signing.ECDSASignature`.
    public typealias ECDSASignature = AsymmetricSignature<Self>
}
