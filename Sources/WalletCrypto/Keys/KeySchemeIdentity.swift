/// The algorithm of one of WalletCrypto's key schemes, tagged with the scheme's kind.
///
/// Security contract: it has no public initialiser, so the only values are the ones WalletCrypto's
/// own schemes hold; that is what keeps `KeyScheme` closed.
public struct KeySchemeIdentity<Kind: _KeySchemeKind>: Sendable {
    @usableFromInline let algorithm: KeyAlgorithm

    @usableFromInline
    init(_ algorithm: KeyAlgorithm) { self.algorithm = algorithm }
}

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

extension KeySchemeIdentity where Kind == _EdwardsSigning {
    static let ed25519 = Self(.ed25519)
}

extension KeySchemeIdentity where Kind == _WeierstrassSigning {
    static let p256 = Self(.p256)
    static let p384 = Self(.p384)
    static let secp256k1 = Self(.secp256k1)
    static let sm2 = Self(.sm2)
}

extension KeySchemeIdentity where Kind == _KeyAgreement {
    static let x25519 = Self(.x25519)
    static let p256 = Self(.p256)
    static let p384 = Self(.p384)
}
