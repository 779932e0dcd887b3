import Foundation

/// A private key sealed under a passphrase: the `keyfile-v1` format of `docs/spec/keyfile-v1.md`.
///
/// Security contract: the private key is encrypted with ChaCha20-Poly1305 under a key stretched
/// from the passphrase with scrypt; every header field (version, algorithm, purpose, KDF
/// parameters, salt, nonce, key ID, public key, label) is authenticated, so changing any byte makes
/// `open` fail with the one generic `.authenticationFailure`. The public key, key ID, purpose and
/// label are readable without the passphrase, and parsing checks them (the key ID must match the
/// public key) before anything is decrypted. Parsing is strict: one encoding per file. The
/// passphrase's strength is the caller's responsibility.
public struct EncryptedKeyFile: Sendable, Equatable {
    /// The key's algorithm.
    public let algorithm: KeyAlgorithm
    /// The purpose recorded for the key; `open` refuses a scheme of another purpose.
    public let purpose: KeyPurpose
    /// The scrypt cost recorded in the file.
    public let parameters: Scrypt.Parameters
    /// The public key's SubjectPublicKeyInfo DER.
    public let publicKeyDER: [UInt8]
    /// A free-form UTF-8 label without control characters, such as "treasury signer 2026".
    public let label: String
    /// The binary form: header, then the sealed private key.
    public let binaryRepresentation: [UInt8]

    /// The key ID: the first 16 bytes of SHA-256 over `publicKeyDER`.
    public var keyID: KeyID { KeyID(subjectPublicKeyInfo: publicKeyDER) }

    /// The armoured text form written to disk.
    public var armoredRepresentation: String { PEM.encode(label: Self.armorLabel, binaryRepresentation) }

    static let armorLabel = "WALLETCUSTODY ENCRYPTED KEY"

    /// Parses the armoured text form, without the passphrase. Throws `CryptoError` `.invalidEncoding` for any
    /// input `docs/spec/keyfile-v1.md` lists as rejected.
    public init(armoredRepresentation text: String) throws {
        try self.init(binaryRepresentation: try PEM.decode(label: Self.armorLabel, text))
    }

    /// Parses the binary form, without the passphrase.
    /// Throws `CryptoError`.
    public init(binaryRepresentation bytes: [UInt8]) throws {
        let layout = try KeyFileLayout(parsing: bytes)
        algorithm = layout.algorithm
        purpose = layout.purpose
        parameters = layout.parameters
        publicKeyDER = layout.publicKeyDER
        label = layout.label
        binaryRepresentation = bytes
        // The public key must parse for the algorithm and the ID must be derived from it.
        _ = try publicKeyDER.withBytes { (der) throws(CryptoError) in try PKey.publicKey(der: der, algorithm) }
        guard layout.keyID == keyID.bytes else {
            throw CryptoError(.invalidEncoding, "the key file's key ID does not match its public key")
        }
    }

    /// Reads and parses the armoured file at `path` (at most 64 KiB), without the passphrase.
    /// Throws `CryptoError`.
    public init(contentsOfFile path: String) throws {
        let bytes = try AtomicFile.read(path, limit: 64 << 10)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CryptoError(.invalidEncoding, "key file: not UTF-8 text")
        }
        try self.init(armoredRepresentation: text)
    }

    /// Writes the armoured form to `path` atomically, with mode 0600 (`AtomicFile`).
    /// Throws `CryptoError`.
    public func write(toFile path: String) throws {
        try AtomicFile.write(Array(armoredRepresentation.utf8), to: path)
    }

    /// Seals `key` under `passphrase`. Throws `CryptoError` `.invalidParameter` for a label that is too long or
    /// contains control characters, or scrypt parameters outside the format's ranges.
    public static func seal<S: KeyScheme>(
        _ key: AsymmetricPrivateKey<S>, passphrase: some DataProtocol, label: String = "",
        parameters: Scrypt.Parameters = .keyFileDefault
    ) throws -> EncryptedKeyFile {
        let header = try KeyFileLayout.header(
            algorithm: S.algorithm, purpose: S.purpose, parameters: parameters, salt: SecureRandom.bytes(count: 16),
            nonce: SecureRandom.bytes(count: 12), publicKeyDER: key.publicKey.derRepresentation, label: label)
        let wrappingKey = try KeyFileLayout.wrappingKey(
            passphrase, header: header, memoryLimit: Scrypt.defaultMemoryLimit)
        let nonce = try AEADNonce<ChaChaPoly>(checkedHeader: header)
        let sealed: [UInt8]
        do {
            sealed = try key.rawRepresentation.withUnsafeBytes { raw in
                try ChaChaPoly.seal(raw, using: wrappingKey, nonce: nonce, authenticating: header)
            }.ciphertextAndTag
        } catch {
            throw CryptoError(.backendFailure, "sealing the key file failed: \(error)")
        }
        return try EncryptedKeyFile(binaryRepresentation: header + sealed)
    }

    /// Opens the file as a key of scheme `S`. Throws `CryptoError` `.invalidParameter` when the file holds another
    /// algorithm or purpose, `.limitExceeded` when its scrypt cost exceeds `memoryLimit`, and
    /// `.authenticationFailure` for a wrong passphrase or any modified byte.
    public func open<S: KeyScheme>(
        as _: S.Type, passphrase: some DataProtocol, memoryLimit: Int = Scrypt.defaultMemoryLimit
    ) throws -> AsymmetricPrivateKey<S> {
        guard algorithm == S.algorithm, purpose == S.purpose else {
            throw CryptoError(
                .invalidParameter,
                "the key file holds a \(algorithm) key for \(purpose), not a \(S.algorithm) key for \(S.purpose)")
        }
        let split = binaryRepresentation.count - algorithm.privateKeyByteCount - AEADAlgorithm.tagByteCount
        let header = Array(binaryRepresentation[..<split])
        let wrappingKey = try KeyFileLayout.wrappingKey(passphrase, header: header, memoryLimit: memoryLimit)
        let raw: SecureBytes
        do {
            let box = try ChaChaPoly.SealedBox(
                nonce: try AEADNonce<ChaChaPoly>(checkedHeader: header),
                ciphertext: binaryRepresentation[split..<(binaryRepresentation.count - AEADAlgorithm.tagByteCount)],
                tag: binaryRepresentation.suffix(AEADAlgorithm.tagByteCount))
            var plaintext = try ChaChaPoly.open(box, using: wrappingKey, authenticating: header)
            raw = SecureBytes(plaintext)
            plaintext.withUnsafeMutableBytes { SecureMemory.cleanse($0.baseAddress!, count: $0.count) }
        } catch {
            throw CryptoError.authenticationFailure
        }
        let key = try raw.withUnsafeBytes { try AsymmetricPrivateKey<S>(rawRepresentation: $0) }
        guard key.publicKey.derRepresentation == publicKeyDER else {
            throw CryptoError(.invalidEncoding, "the key file's private key does not match its public key")
        }
        return key
    }
}

extension AEADSealedBox {
    /// ciphertext ‖ tag, without the nonce.
    var ciphertextAndTag: [UInt8] { Array(storage[nonceByteCount...]) }
}

extension AEADNonce where Scheme == ChaChaPoly {
    /// The nonce at its fixed offset in a key-file header.
    init(checkedHeader header: [UInt8]) throws(CryptoError) {
        self.init(checkedBytes: Array(header[KeyFileLayout.nonceRange]))
    }
}
