import WalletCrypto

// Must NOT compile (scripts/check-library-use): a scheme declared outside WalletCrypto that would
// make secp256k1 a key-agreement scheme. `KeyScheme` is closed; its identity cannot be made here.
enum Secp256k1Agreement: KeyAgreementScheme {
    static var algorithm: KeyAlgorithm { .secp256k1 }
    static var purpose: KeyPurpose { .keyAgreement }
}
