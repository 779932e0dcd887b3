import Foundation

/// A private key sealed under a passphrase: the `keyfile-v1` format of `docs/spec/keyfile-v1.md`.
///
/// Security contract: the private key is encrypted with ChaCha20-Poly1305 under a key stretched
/// from the passphrase with scrypt (the standard profile), or with SM4-GCM under a key from
/// PBKDF2-HMAC-SM3 or scrypt (the ShangMi profile); every header field (version, algorithm, purpose, KDF
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
    /// The scrypt cost recorded in the file, or nil for a PBKDF2-HMAC-SM3 file (see `kdf`).
    public let parameters: Scrypt.Parameters?
    /// How the file stretches its passphrase.
    public let kdf: KeyFileKDF
    /// The file's algorithm profile; `open` refuses a file of another profile than it requires.
    public let profile: AlgorithmProfile
    /// The public key's SubjectPublicKeyInfo DER.
    public let publicKeyDER: [UInt8]
    /// A free-form UTF-8 label without control characters, such as "treasury signer 2026".
    public let label: String
    /// The binary form, as the library's own code reads it.
    let bytes: [UInt8]

    /// The binary form: header, then the sealed private key, as `Data`.
    public var binaryRepresentation: Data { Data(bytes) }

    /// The key ID: the first 16 bytes of SHA-256 over `publicKeyDER`.
    public var keyID: KeyID { KeyID(subjectPublicKeyInfo: publicKeyDER) }

    /// The armoured text form written to disk.
    public var armoredRepresentation: String { PEM.encode(label: Self.armorLabel, bytes) }

    static let armorLabel = "WALLETCUSTODY ENCRYPTED KEY"

    /// Parses the armoured text form, without the passphrase. Throws `CryptoError` `.invalidEncoding` for any
    /// input `docs/spec/keyfile-v1.md` lists as rejected.
    public init(armoredRepresentation text: String) throws {
        try self.init(binaryRepresentation: try PEM.decode(label: Self.armorLabel, text))
    }

    /// Parses the binary form, without the passphrase.
    /// Throws `CryptoError`.
    public init(binaryRepresentation: some DataProtocol) throws {
        let bytes = Array(binaryRepresentation)
        let layout = try KeyFileLayout(parsing: bytes)
        algorithm = layout.algorithm
        purpose = layout.purpose
        kdf = layout.kdf
        profile = layout.profile
        if case .scrypt(let scrypt) = layout.kdf { parameters = scrypt } else { parameters = nil }
        publicKeyDER = layout.publicKeyDER
        label = layout.label
        self.bytes = bytes
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
        try sealChecked(key, passphrase: passphrase, label: label, profile: .standard, kdf: .scrypt(parameters))
    }

    /// Seals `key` under `passphrase` in `profile` with `kdf`: for `.shangMi`, SM4-GCM under a key
    /// from PBKDF2-HMAC-SM3 (600,000 iterations by default) or scrypt. Throws `CryptoError`
    /// `.invalidParameter` for PBKDF2-HMAC-SM3 in the standard profile, iterations outside
    /// 10,000...10,000,000, scrypt parameters outside the format's ranges or a bad label.
    public static func seal<S: KeyScheme>(
        _ key: AsymmetricPrivateKey<S>, passphrase: some DataProtocol, label: String = "", profile: AlgorithmProfile,
        kdf: KeyFileKDF = .shangMiDefault
    ) throws -> EncryptedKeyFile {
        try sealChecked(key, passphrase: passphrase, label: label, profile: profile, kdf: kdf)
    }

    private static func sealChecked<S: KeyScheme>(
        _ key: AsymmetricPrivateKey<S>, passphrase: some DataProtocol, label: String, profile: AlgorithmProfile,
        kdf: KeyFileKDF
    ) throws(CryptoError) -> EncryptedKeyFile {
        let header = try KeyFileLayout.header(
            algorithm: S.algorithm, purpose: S.purpose, profile: profile, kdf: kdf, salt: SecureRandom.bytes(count: 16),
            nonce: SecureRandom.bytes(count: 12), publicKeyDER: key.publicKey.derBytes, label: label)
        let layout = try KeyFileLayout(
            parsing: header + [UInt8](repeating: 0, count: S.algorithm.privateKeyByteCount + 16))
        let wrappingKey = try layout.wrappingKey(
            passphrase, header: header, memoryLimit: Scrypt.defaultMemoryLimit,
            maximumIterations: KeyFileKDF.pbkdf2IterationRange.upperBound)
        let sealed: [UInt8]
        do {
            sealed = try key.rawRepresentation.withUnsafeBytes { raw in
                profile == .shangMi
                    ? try seal(SM4.GCM.self, raw, key: wrappingKey, header: header)
                    : try seal(ChaChaPoly.self, raw, key: wrappingKey, header: header)
            }
        } catch {
            throw CryptoError(.backendFailure, "sealing the key file failed: \(error)")
        }
        return try CryptoError.narrowing(.invalidEncoding) {
            try EncryptedKeyFile(binaryRepresentation: header + sealed)
        }
    }

    private static func seal<A: AEADScheme>(
        _: A.Type, _ raw: UnsafeRawBufferPointer, key: SymmetricKey, header: [UInt8]
    ) throws -> [UInt8] {
        let nonce = AEADNonce<A>(checkedBytes: Array(header[KeyFileLayout.nonceRange]))
        return try A.seal(raw, using: key, nonce: nonce, authenticating: header).ciphertextAndTag
    }

    /// Opens the file as a key of scheme `S`. Throws `CryptoError` `.invalidParameter` when the file holds another
    /// algorithm or purpose, `.limitExceeded` when its scrypt cost exceeds `memoryLimit`, and
    /// `.authenticationFailure` for a wrong passphrase or any modified byte. Only standard-profile
    /// files open here; a ShangMi file is refused (`.invalidParameter`): use
    /// `open(as:passphrase:profile:memoryLimit:maximumIterations:)`.
    public func open<S: KeyScheme>(
        as _: S.Type, passphrase: some DataProtocol, memoryLimit: Int = Scrypt.defaultMemoryLimit
    ) throws -> AsymmetricPrivateKey<S> {
        try openChecked(
            as: S.self, passphrase: passphrase, profile: .standard, memoryLimit: memoryLimit,
            maximumIterations: KeyFileKDF.pbkdf2IterationRange.upperBound)
    }

    /// Opens the file as a key of scheme `S`, requiring `profile`. Throws `CryptoError`
    /// `.invalidParameter` when the file is of another profile, algorithm or purpose (before any
    /// key derivation), `.limitExceeded` when its scrypt cost exceeds `memoryLimit` or its PBKDF2
    /// count exceeds `maximumIterations`, and `.authenticationFailure` for a wrong passphrase or any
    /// modified byte.
    public func open<S: KeyScheme>(
        as _: S.Type, passphrase: some DataProtocol, profile required: AlgorithmProfile,
        memoryLimit: Int = Scrypt.defaultMemoryLimit,
        maximumIterations: Int = KeyFileKDF.pbkdf2IterationRange.upperBound
    ) throws -> AsymmetricPrivateKey<S> {
        try openChecked(
            as: S.self, passphrase: passphrase, profile: required, memoryLimit: memoryLimit,
            maximumIterations: maximumIterations)
    }

    private func openChecked<S: KeyScheme>(
        as _: S.Type, passphrase: some DataProtocol, profile required: AlgorithmProfile, memoryLimit: Int,
        maximumIterations: Int
    ) throws(CryptoError) -> AsymmetricPrivateKey<S> {
        guard profile == required else {
            throw CryptoError(
                .invalidParameter, "the key file uses the \(profile) profile, but the \(required) profile is required")
        }
        guard algorithm == S.algorithm, purpose == S.purpose else {
            throw CryptoError(
                .invalidParameter,
                "the key file holds a \(algorithm) key for \(purpose), not a \(S.algorithm) key for \(S.purpose)")
        }
        let split = bytes.count - algorithm.privateKeyByteCount - AEADAlgorithm.tagByteCount
        let header = Array(bytes[..<split])
        let layout = try KeyFileLayout(parsing: bytes)
        let wrappingKey = try layout.wrappingKey(
            passphrase, header: header, memoryLimit: memoryLimit, maximumIterations: maximumIterations)
        let raw: SecureBytes
        do {
            let sealed = Array(bytes[split...])
            var plaintext =
                profile == .shangMi
                ? try Self.open(SM4.GCM.self, sealed, key: wrappingKey, header: header)
                : try Self.open(ChaChaPoly.self, sealed, key: wrappingKey, header: header)
            raw = SecureBytes(plaintext)
            plaintext.withUnsafeMutableBytes { SecureMemory.cleanse($0.baseAddress!, count: $0.count) }
        } catch {
            throw CryptoError.authenticationFailure
        }
        let key = try CryptoError.narrowing(.invalidEncoding) {
            try raw.withUnsafeBytes { try AsymmetricPrivateKey<S>(rawRepresentation: $0) }
        }
        guard key.publicKey.derBytes == publicKeyDER else {
            throw CryptoError(.invalidEncoding, "the key file's private key does not match its public key")
        }
        return key
    }

    private static func open<A: AEADScheme>(_: A.Type, _ sealed: [UInt8], key: SymmetricKey, header: [UInt8]) throws
        -> [UInt8]
    {
        let box = try A.SealedBox(
            nonce: AEADNonce<A>(checkedBytes: Array(header[KeyFileLayout.nonceRange])),
            ciphertext: sealed.dropLast(AEADAlgorithm.tagByteCount), tag: sealed.suffix(AEADAlgorithm.tagByteCount))
        return Array(try A.open(box, using: key, authenticating: header))
    }
}

extension AEADSealedBox {
    /// ciphertext ‖ tag, without the nonce.
    var ciphertextAndTag: [UInt8] { Array(storage[nonceByteCount...]) }
}
