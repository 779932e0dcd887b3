import Foundation

/// A private key of one `KeyScheme`, held as a parsed OpenSSL key for its whole life.
///
/// Security contract: the key material lives inside OpenSSL (EC scalars in its secure heap) and is
/// freed and cleansed with the last copy. Exported forms (`rawRepresentation`, `derRepresentation`)
/// come back as `SecureBytes`; `pemRepresentation` is a `String`, which cannot be wiped, so prefer
/// `EncryptedKeyFile` or `encryptedPEMRepresentation` to store keys. `description` never shows key
/// material. A key serves only its scheme's purpose.
public struct AsymmetricPrivateKey<Scheme: KeyScheme>: Sendable, CustomStringConvertible {
    let key: PKey

    init(key: PKey) { self.key = key }

    /// A new random key from OpenSSL's DRBG.
    public init() {
        do {
            key = try PKey.generate(Scheme.algorithm)
        } catch {
            // Generation fails only if libcrypto itself is broken; see `CryptoBackend.check()`.
            fatalError("\(error)")
        }
    }

    /// Imports the raw private key: the 32-byte seed (Ed25519, X25519) or the big-endian scalar of
    /// exactly the field length, in 1...n−1. Throws `CryptoError` `.invalidEncoding` otherwise.
    public init(rawRepresentation: some DataProtocol) throws {
        key = try ContiguousInput.withTyped(rawRepresentation) { (raw) throws(CryptoError) in
            try PKey.privateKey(raw: raw, Scheme.algorithm)
        }
    }

    /// Imports the raw private key as `rawRepresentation` returns it (`SecureBytes`, where CryptoKit
    /// returns `Data`), so a CryptoKit-style round trip compiles. Throws `CryptoError`
    /// `.invalidEncoding` as `init(rawRepresentation:)` for bytes.
    public init(rawRepresentation: SecureBytes) throws {
        key = try rawRepresentation.withBytes { (raw) throws(CryptoError) in
            try PKey.privateKey(raw: raw, Scheme.algorithm)
        }
    }

    /// Imports PKCS#8 `PrivateKeyInfo` DER (what `openssl pkey -outform DER` writes). Throws
    /// `.invalidEncoding` for malformed DER, trailing bytes, or a key of another algorithm or curve.
    /// Throws `CryptoError`.
    public init(derRepresentation: some DataProtocol) throws {
        key = try ContiguousInput.withTyped(derRepresentation) { (der) throws(CryptoError) in
            try PKey.privateKey(der: der, Scheme.algorithm)
        }
    }

    /// Imports PKCS#8 DER as `derRepresentation` returns it (`SecureBytes`, where CryptoKit returns
    /// `Data`), so a CryptoKit-style round trip compiles. Throws `CryptoError` as
    /// `init(derRepresentation:)` for bytes.
    public init(derRepresentation: SecureBytes) throws {
        key = try derRepresentation.withBytes { (der) throws(CryptoError) in
            try PKey.privateKey(der: der, Scheme.algorithm)
        }
    }

    /// Imports a "PRIVATE KEY" PEM block (PKCS#8, unencrypted), as `openssl genpkey` writes it.
    /// Throws `CryptoError`.
    public init(pemRepresentation: String) throws {
        try self.init(derRepresentation: try PEM.decode(label: "PRIVATE KEY", pemRepresentation))
    }

    /// The raw private key (seed or scalar).
    public var rawRepresentation: SecureBytes { key.rawPrivateKey() }

    /// PKCS#8 `PrivateKeyInfo` DER.
    public var derRepresentation: SecureBytes { key.privateKeyDER() }

    /// PKCS#8 as a "PRIVATE KEY" PEM block. The string cannot be wiped; handle it as a secret.
    public var pemRepresentation: String {
        derRepresentation.withUnsafeBytes { PEM.encode(label: "PRIVATE KEY", $0) }
    }

    /// The matching public key.
    public var publicKey: AsymmetricPublicKey<Scheme> { AsymmetricPublicKey(publicHalfOf: key) }

    /// The purpose this key serves.
    public var purpose: KeyPurpose { Scheme.purpose }

    /// `Scheme-algorithm private key (purpose)`: never the key material.
    public var description: String { "\(Scheme.algorithm) private key (\(Scheme.purpose))" }
}
