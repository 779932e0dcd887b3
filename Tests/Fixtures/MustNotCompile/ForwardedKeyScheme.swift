import WalletCrypto

// Must NOT compile (scripts/check-library-use): borrowing a signing scheme's identity for a
// key-agreement scheme; the identity's kind is part of its type.
enum BorrowedAgreement: KeyAgreementScheme {
    static var _identity: KeySchemeIdentity<_WeierstrassSigning> { Secp256k1.Signing._identity }
}
