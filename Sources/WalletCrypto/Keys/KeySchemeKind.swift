// The kinds that tag a `KeySchemeIdentity`: implementation details of `KeyScheme`, kept together.

/// What a kind of key scheme is for; an implementation detail of `KeyScheme`.
///
/// Security contract: a kind only fixes a purpose. Declaring another kind gives nothing, since no
/// `KeySchemeIdentity` of it can be made outside WalletCrypto.
public protocol _KeySchemeKind: Sendable {
    /// The purpose of every scheme of this kind.
    static var purpose: KeyPurpose { get }
}

/// The signing kinds; an implementation detail of `SigningScheme`.
///
/// Security contract: as `_KeySchemeKind`.
public protocol _SigningKind: _KeySchemeKind {}

extension _SigningKind {
    /// `.signing`.
    public static var purpose: KeyPurpose { .signing }
}

/// Ed25519's kind: signing over the whole message.
///
/// Security contract: as `_KeySchemeKind`.
public enum _EdwardsSigning: _SigningKind {}

/// ECDSA's and SM2's kind: signing an (r, s) pair over a digest.
///
/// Security contract: as `_KeySchemeKind`.
public enum _WeierstrassSigning: _SigningKind {}

/// X25519's and ECDH's kind.
///
/// Security contract: as `_KeySchemeKind`.
public enum _KeyAgreement: _KeySchemeKind {
    /// `.keyAgreement`.
    public static var purpose: KeyPurpose { .keyAgreement }
}

/// SM2 public-key encryption's kind (GB/T 32918.4).
///
/// Security contract: as `_KeySchemeKind`.
public enum _PublicKeyEncryption: _KeySchemeKind {
    /// `.encryption`.
    public static var purpose: KeyPurpose { .encryption }
}
