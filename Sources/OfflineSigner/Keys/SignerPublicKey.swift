import Foundation
import WalletCrypto

/// A trusted signer's public key, read from SubjectPublicKeyInfo PEM.
///
/// Security contract: trust comes from how the PEM reached the verifier (a ceremony, a ticket),
/// not from this type; it only checks signatures made under its own key ID.
public enum SignerPublicKey: Sendable {
    case ed25519(Ed25519.PublicKey)
    case p256(P256.Signing.PublicKey)
    case secp256k1(Secp256k1.Signing.PublicKey)
    case sm2(SM2.Signing.PublicKey)

    /// Parses an SPKI PEM of any supported algorithm. Throws `SignerError` `.invalidFile` otherwise.
    public init(pemRepresentation pem: String) throws {
        if let key = try? Ed25519.PublicKey(pemRepresentation: pem) {
            self = .ed25519(key)
        } else if let key = try? P256.Signing.PublicKey(pemRepresentation: pem) {
            self = .p256(key)
        } else if let key = try? Secp256k1.Signing.PublicKey(pemRepresentation: pem) {
            self = .secp256k1(key)
        } else if let key = try? SM2.Signing.PublicKey(pemRepresentation: pem) {
            self = .sm2(key)
        } else {
            throw SignerError(.invalidFile, "the public key is not an Ed25519, P-256, secp256k1 or SM2 SPKI PEM")
        }
    }

    /// Reads the PEM file at `path`.
    /// Throws `SignerError`.
    public init(contentsOfFile path: String) throws {
        try self.init(pemRepresentation: String(decoding: try FileAccess.read(path, what: "public key"), as: UTF8.self))
    }

    /// The key's algorithm.
    public var algorithm: SignerAlgorithm {
        switch self {
        case .ed25519: .ed25519
        case .p256: .p256
        case .secp256k1: .secp256k1
        case .sm2: .sm2
        }
    }

    /// SubjectPublicKeyInfo DER, as `Data` like `AsymmetricPublicKey`'s.
    public var derRepresentation: Data {
        switch self {
        case .ed25519(let key): key.derRepresentation
        case .p256(let key): key.derRepresentation
        case .secp256k1(let key): key.derRepresentation
        case .sm2(let key): key.derRepresentation
        }
    }

    /// SubjectPublicKeyInfo PEM, as `openssl pkey -pubin` reads it.
    public var pemRepresentation: String { PEM.encode(label: "PUBLIC KEY", derRepresentation) }

    /// The raw public key: 32 bytes for Ed25519, the uncompressed point otherwise, as `Data`.
    public var rawRepresentation: Data {
        switch self {
        case .ed25519(let key): key.rawRepresentation
        case .p256(let key): key.x963Representation
        case .secp256k1(let key): key.x963Representation
        case .sm2(let key): key.x963Representation
        }
    }

    /// The key ID: the first 16 bytes of SHA-256 over the SPKI DER.
    public var keyID: KeyID {
        switch self {
        case .ed25519(let key): key.keyID
        case .p256(let key): key.keyID
        case .secp256k1(let key): key.keyID
        case .sm2(let key): key.keyID
        }
    }

    /// Whether `signature` (in the algorithm's response encoding) signs `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        switch self {
        case .ed25519(let key):
            guard let parsed = try? Ed25519.Signature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: message)
        case .p256(let key):
            guard let parsed = try? P256.Signing.Signature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: message)
        case .secp256k1(let key):
            guard let parsed = try? Secp256k1.Signing.Signature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: message)
        case .sm2(let key):
            guard let parsed = try? SM2.Signing.Signature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: message)
        }
    }
}
