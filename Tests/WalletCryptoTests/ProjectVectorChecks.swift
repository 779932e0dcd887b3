import Foundation
import TestSupport
import WalletCrypto

/// Checks for this repository's own published vectors in `vectors/`.
enum ProjectVectorChecks {
    static func keyFile(_ c: VectorCase) throws {
        let file = try EncryptedKeyFile(armoredRepresentation: try c.string("file"))
        let passphrase = Array(try c.string("passphrase").utf8)
        let publicKeyDER: Data
        switch try c.string("scheme") {
        case "Ed25519":
            publicKeyDER = try file.open(as: Ed25519.self, passphrase: passphrase).publicKey.derRepresentation
        case "X25519":
            publicKeyDER = try file.open(as: X25519.KeyAgreement.self, passphrase: passphrase).publicKey
                .derRepresentation
        case "P-256/signing":
            publicKeyDER = try file.open(as: P256.Signing.self, passphrase: passphrase).publicKey.derRepresentation
        case "P-256/keyAgreement":
            publicKeyDER = try file.open(as: P256.KeyAgreement.self, passphrase: passphrase).publicKey.derRepresentation
        case "P-384/signing":
            publicKeyDER = try file.open(as: P384.Signing.self, passphrase: passphrase).publicKey.derRepresentation
        case "secp256k1":
            publicKeyDER = try file.open(as: Secp256k1.Signing.self, passphrase: passphrase).publicKey.derRepresentation
        case "SM2":
            publicKeyDER = try file.open(as: SM2.Signing.self, passphrase: passphrase).publicKey.derRepresentation
        case let other: throw VectorFormatError("unknown scheme \(other)")
        }
        try VectorChecks.expectEqual(publicKeyDER, try c.hex("publicKeyDer"), "public key")
        try VectorChecks.expectEqual(file.keyID.bytes, try c.hex("keyId"), "key ID")
        guard file.label == (try c.string("label")) else { throw VectorChecks.Mismatch(description: "label differs") }
    }

    /// `vectors/keyfile-v1-shangmi.json`: the reader requires the case's `profile`.
    static func keyFileProfile(_ c: VectorCase) throws {
        let file = try EncryptedKeyFile(armoredRepresentation: try c.string("file"))
        let passphrase = Array(try c.string("passphrase").utf8)
        let profile: AlgorithmProfile = try c.string("profile") == "ShangMi" ? .shangMi : .standard
        let publicKeyDER: Data
        switch try c.string("scheme") {
        case "SM2":
            publicKeyDER = try file.open(as: SM2.Signing.self, passphrase: passphrase, profile: profile).publicKey
                .derRepresentation
        case "SM2/encryption":
            publicKeyDER = try file.open(as: SM2.Encryption.self, passphrase: passphrase, profile: profile).publicKey
                .derRepresentation
        case let other: throw VectorFormatError("unknown scheme \(other)")
        }
        guard file.profile == profile else { throw VectorChecks.Mismatch(description: "profile differs") }
        try VectorChecks.expectEqual(publicKeyDER, try c.hex("publicKeyDer"), "public key")
        try VectorChecks.expectEqual(file.keyID.bytes, try c.hex("keyId"), "key ID")
        guard Array(file.label.utf8) == Array(try c.string("label").utf8) else {
            throw VectorChecks.Mismatch(description: "label differs")
        }
    }

    static func keyID(_ c: VectorCase) throws {
        let spki = try c.hex("subjectPublicKeyInfo")
        let id: KeyID
        switch try c.string("algorithm") {
        case "Ed25519": id = try Ed25519.PublicKey(derRepresentation: spki).keyID
        case "X25519": id = try X25519.KeyAgreement.PublicKey(derRepresentation: spki).keyID
        case "P-256": id = try P256.Signing.PublicKey(derRepresentation: spki).keyID
        case "P-384": id = try P384.Signing.PublicKey(derRepresentation: spki).keyID
        case "secp256k1": id = try Secp256k1.Signing.PublicKey(derRepresentation: spki).keyID
        case "SM2": id = try SM2.Signing.PublicKey(derRepresentation: spki).keyID
        case let other: throw VectorFormatError("unknown algorithm \(other)")
        }
        try VectorChecks.expectEqual(id.bytes, try c.hex("keyId"), "key ID")
    }

    static func sm2Signature(_ c: VectorCase) throws {
        let key = try SM2.Signing.PublicKey(x963Representation: try c.hex("publicKeyUncompressed"))
        let (message, id) = (try c.hex("message"), try c.hex("distinguishingId"))
        var hasher = try key.digestHasher(distinguishingID: id)
        hasher.update(data: message)
        let e = hasher.finalize()
        try VectorChecks.expectEqual(e.bytes, try c.hex("e"), "e")
        let signature = try SM2.Signing.Signature(derRepresentation: try c.hex("signatureDer"))
        guard key.isValidSignature(signature, for: message, distinguishingID: id),
            key.isValidSignature(signature, forDigest: e)
        else { throw VectorChecks.Mismatch(description: "does not verify") }
    }

    static func stream(_ c: VectorCase) throws {
        let plaintext = try StreamEncryption.decrypt(try c.hex("stream"), using: SymmetricKey(data: try c.hex("key")))
        try VectorChecks.expectEqual(plaintext, try c.hex("plaintext"), "plaintext")
    }

    /// `vectors/stream-v1-shangmi.json`: the reader requires the case's `profile`.
    static func streamProfile(_ c: VectorCase) throws {
        let profile: AlgorithmProfile = try c.string("profile") == "ShangMi" ? .shangMi : .standard
        let plaintext = try StreamEncryption.decrypt(
            try c.hex("stream"), using: SymmetricKey(data: try c.hex("key")), profile: profile)
        try VectorChecks.expectEqual(plaintext, try c.hex("plaintext"), "plaintext")
    }

    static func envelope(_ c: VectorCase) throws {
        let envelope = try Envelope(armoredRepresentation: try c.string("envelope"))
        let reader = try X25519.KeyAgreement.PrivateKey(rawRepresentation: try c.hex("recipientPrivateKey"))
        let trusted = try c.fields["trustedSenderPublicKey"].map {
            try Ed25519.PublicKey(rawRepresentation: try Hex.decode($0))
        }
        let require = ["1", "true"].contains(try c.string("requireSignature"))
        let opened = try envelope.open(
            with: [reader], trustedSenders: trusted.map { [$0] } ?? [], requireSignature: require)
        try VectorChecks.expectEqual(opened.message, try c.hex("message"), "message")
    }

    /// `vectors/envelope-v1-shangmi.json`: a ShangMi reader (SM2 keys), or a standard reader
    /// (`readerProfile` standard: any X25519 key) that must refuse the profile.
    static func envelopeShangMi(_ c: VectorCase) throws {
        let envelope = try Envelope(armoredRepresentation: try c.string("envelope"))
        guard try c.string("readerProfile") == "ShangMi" else {
            _ = try envelope.open(with: [X25519.KeyAgreement.PrivateKey()])
            return
        }
        let reader = try SM2.Encryption.PrivateKey(rawRepresentation: try c.hex("recipientPrivateKey"))
        let trusted = try c.fields["trustedSenderPublicKey"].map {
            try SM2.Signing.PublicKey(x963Representation: try Hex.decode($0))
        }
        let require = ["1", "true"].contains(try c.string("requireSignature"))
        let opened = try envelope.open(
            with: [reader], trustedSenders: trusted.map { [$0] } ?? [], requireSignature: require)
        try VectorChecks.expectEqual(opened.message, try c.hex("message"), "message")
    }
}
