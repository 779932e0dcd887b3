// The CryptoKit-style namespaces. Each scheme is a caseless enum that only names its algorithm;
// all behaviour comes from the generic key, signature and shared-secret types.

/// Ed25519 signatures (RFC 8032). Security contract: deterministic signatures, no nonce to misuse;
/// the prehash mode is WalletCustody's own, specified in `docs/spec/ed25519-prehash.md`.
public enum Ed25519: SigningScheme {
    /// WalletCrypto's own `.ed25519` scheme.
    public static var _identity: KeySchemeIdentity<_EdwardsSigning> { .ed25519 }
}

/// X25519 key agreement (RFC 7748).
public enum X25519 {
    /// X25519 key agreement. Security contract: low-order peer points are refused when deriving.
    public enum KeyAgreement: KeyAgreementScheme {
        /// WalletCrypto's own `.x25519` scheme.
        public static var _identity: KeySchemeIdentity<_KeyAgreement> { .x25519 }
    }
}

/// NIST P-256 keys.
public enum P256 {
    /// ECDSA over P-256 with SHA-256. Security contract: randomised signatures from OpenSSL's DRBG.
    public enum Signing: WeierstrassSigningScheme {
        /// WalletCrypto's own `.p256` scheme.
        public static var _identity: KeySchemeIdentity<_WeierstrassSigning> { .p256 }
    }

    /// ECDH over P-256. Security contract: peer keys are validated when imported.
    public enum KeyAgreement: KeyAgreementScheme {
        /// WalletCrypto's own `.p256` scheme.
        public static var _identity: KeySchemeIdentity<_KeyAgreement> { .p256 }
    }
}

/// NIST P-384 keys.
public enum P384 {
    /// ECDSA over P-384 with SHA-384. Security contract: randomised signatures from OpenSSL's DRBG.
    public enum Signing: WeierstrassSigningScheme {
        /// WalletCrypto's own `.p384` scheme.
        public static var _identity: KeySchemeIdentity<_WeierstrassSigning> { .p384 }
    }

    /// ECDH over P-384. Security contract: peer keys are validated when imported.
    public enum KeyAgreement: KeyAgreementScheme {
        /// WalletCrypto's own `.p384` scheme.
        public static var _identity: KeySchemeIdentity<_KeyAgreement> { .p384 }
    }
}

/// secp256k1 keys, as used by Bitcoin and Ethereum.
public enum Secp256k1 {
    /// ECDSA over secp256k1 with SHA-256. Security contract: signing always emits low-S (s ≤ n/2);
    /// verification takes a `Secp256k1.SignaturePolicy`, strict low-S by default.
    public enum Signing: WeierstrassSigningScheme {
        /// WalletCrypto's own `.secp256k1` scheme.
        public static var _identity: KeySchemeIdentity<_WeierstrassSigning> { .secp256k1 }
    }

    /// Which s values verification accepts.
    ///
    /// Security contract: both forms of a signature are equally valid ECDSA, so accepting both lets
    /// a third party change a signature without the key (malleability). Bitcoin requires low-S.
    public enum SignaturePolicy: Sendable, Hashable {
        /// Only s ≤ n/2 (BIP 62/146). The default.
        case strictLowS
        /// s or n − s: plain ECDSA, for interoperating with signers that do not normalise.
        case acceptHighS
    }
}

/// SM2 keys (GB/T 32918).
public enum SM2 {
    /// SM2 signatures with SM3. Security contract: the distinguishing ID is part of what is signed;
    /// it defaults to the standard's "1234567812345678", not OpenSSL 3.0's empty ID.
    public enum Signing: WeierstrassSigningScheme {
        /// WalletCrypto's own `.sm2` scheme.
        public static var _identity: KeySchemeIdentity<_WeierstrassSigning> { .sm2 }
        /// GB/T 32918's default distinguishing ID, "1234567812345678".
        public static let defaultDistinguishingID: [UInt8] = Array("1234567812345678".utf8)
    }
}
