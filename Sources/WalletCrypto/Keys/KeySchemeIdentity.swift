/// The algorithm of one of WalletCrypto's key schemes, tagged with the scheme's kind.
///
/// Security contract: it has no public initialiser, so the only values are the ones WalletCrypto's
/// own schemes hold; that is what keeps `KeyScheme` closed.
public struct KeySchemeIdentity<Kind: _KeySchemeKind>: Sendable {
    @usableFromInline let algorithm: KeyAlgorithm

    @usableFromInline
    init(_ algorithm: KeyAlgorithm) { self.algorithm = algorithm }
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

extension KeySchemeIdentity where Kind == _PublicKeyEncryption {
    static let sm2 = Self(.sm2)
}
