import WalletCrypto

/// An opened private signing key. It exists only between unlocking the keystore and the end of one
/// command, and is never written anywhere in the clear.
///
/// Security contract: the key material lives in WalletCrypto's key types (parsed `EVP_PKEY`s,
/// freed and cleansed by OpenSSL); this type offers signing and re-sealing, nothing that exports.
enum SignerKey {
    case ed25519(Ed25519.PrivateKey)
    case p256(P256.Signing.PrivateKey)
    case secp256k1(Secp256k1.Signing.PrivateKey)
    case sm2(SM2.Signing.PrivateKey)

    /// A fresh key.
    init(generating algorithm: SignerAlgorithm) {
        switch algorithm {
        case .ed25519: self = .ed25519(Ed25519.PrivateKey())
        case .p256: self = .p256(P256.Signing.PrivateKey())
        case .secp256k1: self = .secp256k1(Secp256k1.Signing.PrivateKey())
        case .sm2: self = .sm2(SM2.Signing.PrivateKey())
        }
    }

    /// The profile new key files of `algorithm` are sealed in: ShangMi (SM4-GCM) for SM2, so a
    /// national-algorithm key is protected by national algorithms; standard for the others.
    static func profile(for algorithm: SignerAlgorithm) -> AlgorithmProfile {
        algorithm == .sm2 ? .shangMi : .standard
    }

    /// Opens a key file, requiring `profile`; a wrong passphrase or any modified byte is
    /// `.wrongPassphrase`, a file of another profile `.invalidFile`.
    init(opening file: EncryptedKeyFile, passphrase: SecureBytes, profile: AlgorithmProfile) throws(SignerError) {
        guard let algorithm = SignerAlgorithm(file.algorithm) else {
            throw SignerError(.invalidFile, "the key file holds a \(file.algorithm) key, which cannot sign here")
        }
        do {
            self = try passphrase.withUnsafeBytes { passphrase in
                switch algorithm {
                case .ed25519: .ed25519(try file.open(as: Ed25519.self, passphrase: passphrase, profile: profile))
                case .p256: .p256(try file.open(as: P256.Signing.self, passphrase: passphrase, profile: profile))
                case .secp256k1:
                    .secp256k1(try file.open(as: Secp256k1.Signing.self, passphrase: passphrase, profile: profile))
                case .sm2: .sm2(try file.open(as: SM2.Signing.self, passphrase: passphrase, profile: profile))
                }
            }
        } catch let error as CryptoError where error.code == .authenticationFailure {
            throw SignerError(.wrongPassphrase, "the passphrase does not open the key")
        } catch {
            throw SignerError(.invalidFile, "the key file cannot be opened: \(error)")
        }
    }

    /// Seals the key under `passphrase` as `keyfile-v1`, in `SignerKey.profile(for:)`'s profile.
    func sealed(passphrase: SecureBytes, label: String, parameters: Scrypt.Parameters) throws(SignerError)
        -> EncryptedKeyFile
    {
        do {
            return try passphrase.withUnsafeBytes { passphrase in
                switch self {
                case .ed25519(let key):
                    try EncryptedKeyFile.seal(key, passphrase: passphrase, label: label, parameters: parameters)
                case .p256(let key):
                    try EncryptedKeyFile.seal(key, passphrase: passphrase, label: label, parameters: parameters)
                case .secp256k1(let key):
                    try EncryptedKeyFile.seal(key, passphrase: passphrase, label: label, parameters: parameters)
                case .sm2(let key):
                    try EncryptedKeyFile.seal(
                        key, passphrase: passphrase, label: label, profile: .shangMi, kdf: .scrypt(parameters))
                }
            }
        } catch {
            throw SignerError(.ioFailure, "sealing the key failed: \(error)")
        }
    }

    var publicKey: SignerPublicKey {
        switch self {
        case .ed25519(let key): .ed25519(key.publicKey)
        case .p256(let key): .p256(key.publicKey)
        case .secp256k1(let key): .secp256k1(key.publicKey)
        case .sm2(let key): .sm2(key.publicKey)
        }
    }

    /// The signature in the response encoding: raw for Ed25519, DER otherwise.
    func signature(for message: [UInt8]) throws(SignerError) -> [UInt8] {
        do {
            switch self {
            case .ed25519(let key): return Array(try key.signature(for: message))
            case .p256(let key): return Array(try key.signature(for: message).derRepresentation)
            case .secp256k1(let key): return Array(try key.signature(for: message).derRepresentation)
            case .sm2(let key): return Array(try key.signature(for: message).derRepresentation)
            }
        } catch {
            throw SignerError(.ioFailure, "signing failed: \(reasonOf(error))")
        }
    }
}
