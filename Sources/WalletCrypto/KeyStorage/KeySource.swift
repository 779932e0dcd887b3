import Glibc

/// Where a service's key-encryption key (KEK) comes from at start-up: the one way the card vault
/// and the Authenticator load theirs. Each source yields one 32-byte key; a service assembles its
/// versions (`[version: key]`) from one source per version.
///
/// Security contract, per source (threat model: someone with a copy of the files on disk, or a
/// process of another user on the machine):
/// - `encryptedKeyFile`: a `keyfile-v1` file (`docs/spec/keyfile-v1.md`) sealed under a
///   passphrase with scrypt; the file alone reveals nothing but its label and public key. keyfile-v1
///   holds an Ed25519 key; the KEK is HKDF-SHA-256(its 32-byte seed, info
///   "WalletCustody-kek-from-keyfile-v1"), and that Ed25519 key is used for nothing else. Only a
///   file labelled `walletcustody-kek` is accepted. As strong as the passphrase.
/// - `custodianComponents`: M-of-N components (`CustodianComponent`, PCI DSS 3.7.6 dual control);
///   fewer than M reveal nothing. Each custodian enters their own.
/// - `mountedSecretFile`: a file the platform mounts (systemd `LoadCredential=`/`$CREDENTIALS_DIRECTORY`,
///   a Kubernetes secret volume with `defaultMode: 0400`), holding the key as 64 hex digits
///   (optionally newline-terminated) or 32 raw bytes. Refused when group or others may read or
///   write it (symbolic links, as Kubernetes uses, are followed and the target checked). The
///   platform's access control is the protection; the key is in the clear in that file.
/// A plaintext key file written by this library exists only as
/// `VaultKeyring.writeInsecurePlaintextKeyFile`, for tests.
public enum KeySource: Sendable {
    /// A keyfile-v1 file at `path` and its passphrase.
    case encryptedKeyFile(path: String, passphrase: SecureBytes)
    /// At least the threshold number of custodian components, in their text form.
    case custodianComponents([String])
    /// A secret file mounted by the platform, owner-only.
    case mountedSecretFile(path: String)

    /// The label an encrypted KEK file must carry.
    public static let keyFileLabel = "walletcustody-kek"

    /// Loads the key. Throws `CryptoError` with a code that says what went wrong:
    /// `.authenticationFailure` for a wrong passphrase or a modified key file,
    /// `.insufficientComponents` for too few, mixed, duplicate or mistyped custodian components,
    /// `.invalidParameter` for a key file with another label or a secret file others can read,
    /// `.invalidEncoding` for a malformed file, `.backendFailure` for a file that cannot be read.
    /// A key that loads but is not the service's own is the service's `wrongKey` error.
    public func loadKey(scryptMemoryLimit: Int = Scrypt.defaultMemoryLimit) throws -> SymmetricKey {
        switch self {
        case .encryptedKeyFile(let path, let passphrase):
            let file = try EncryptedKeyFile(contentsOfFile: path)
            guard Identifier.equal(file.label, Self.keyFileLabel), file.algorithm == .ed25519 else {
                throw CryptoError(.invalidParameter, "\(path) is not a WalletCustody KEK file")
            }
            let key = try passphrase.withUnsafeBytes { bytes in
                try file.open(as: Ed25519.self, passphrase: bytes, memoryLimit: scryptMemoryLimit)
            }
            return Self.kek(fromSeed: key.rawRepresentation)
        case .custodianComponents(let texts):
            let components = try texts.map { try CustodianComponent(text: $0) }
            return try CustodianComponent.combine(components)
        case .mountedSecretFile(let path):
            var attributes = stat()
            guard stat(path, &attributes) == 0 else {
                throw CryptoError(.backendFailure, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            guard attributes.st_mode & 0o077 == 0 else {
                throw CryptoError(
                    .invalidParameter, "\(path) may be read or written by group or others; make it mode 0400 or 0600")
            }
            var bytes = try AtomicFile.read(path, limit: 4096)
            defer {
                bytes.withUnsafeMutableBytes {
                    if let base = $0.baseAddress { SecureMemory.cleanse(base, count: $0.count) }
                }
            }
            if bytes.count == 32 { return SymmetricKey(data: bytes) }
            var text = bytes[...]
            if text.last == 0x0A { text = text.dropLast() }
            guard text.count == 64, let key = try? Hex.decode(String(decoding: text, as: UTF8.self)) else {
                throw CryptoError(.invalidEncoding, "\(path) does not hold a 32-byte key as 64 hex digits or raw bytes")
            }
            return SymmetricKey(data: key)
        }
    }

    /// Makes a new random KEK, seals it under `passphrase` as a keyfile-v1 file at `path` (mode
    /// 0600, atomically) and returns the KEK, for `encryptedKeyFile`.
    /// Throws `CryptoError`.
    public static func createEncryptedKeyFile(
        at path: String, passphrase: SecureBytes, parameters: Scrypt.Parameters = .keyFileDefault
    ) throws -> SymmetricKey {
        let key = AsymmetricPrivateKey<Ed25519>()
        let file = try passphrase.withUnsafeBytes { bytes in
            try EncryptedKeyFile.seal(key, passphrase: bytes, label: keyFileLabel, parameters: parameters)
        }
        try file.write(toFile: path)
        return kek(fromSeed: key.rawRepresentation)
    }

    private static func kek(fromSeed seed: SecureBytes) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(seed), salt: [UInt8](),
            info: Array("WalletCustody-kek-from-keyfile-v1".utf8), outputByteCount: 32)
    }
}
