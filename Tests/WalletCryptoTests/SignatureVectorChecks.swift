import TestSupport
import WalletCrypto

/// Checks for the signature and key-agreement vector files of issue 3.
enum SignatureVectorChecks {
    static func ed25519(_ c: VectorCase) throws {
        let key = try Ed25519.PublicKey(derRepresentation: try c.hex("publicKeyDer"))
        let signature = try Ed25519.Signature(rawRepresentation: try c.hex("sig"))
        guard key.isValidSignature(signature, for: try c.hex("msg")) else {
            throw VectorChecks.Mismatch(description: "does not verify")
        }
    }

    /// ECDSA in DER (`p1363` false) or raw r ‖ s form.
    static func ecdsa<S: WeierstrassSigningScheme>(
        _: S.Type, p1363: Bool, policy: Secp256k1.SignaturePolicy = .strictLowS
    ) -> VectorRunner.Check {
        { c in
            let key = try S.PublicKey(derRepresentation: try c.hex("publicKeyDer"))
            let bytes = try c.hex("sig")
            let signature =
                p1363 ? try S.Signature(rawRepresentation: bytes) : try S.Signature(derRepresentation: bytes)
            let message = try c.hex("msg")
            let valid: Bool
            if let secp = key as? Secp256k1.Signing.PublicKey, let sig = signature as? Secp256k1.Signing.Signature {
                valid = secp.isValidSignature(sig, for: message, policy: policy)
            } else {
                valid = key.isValidSignature(signature, for: message)
            }
            guard valid else { throw VectorChecks.Mismatch(description: "does not verify") }
        }
    }

    static func x25519(_ c: VectorCase) throws {
        let privateKey = try X25519.KeyAgreement.PrivateKey(rawRepresentation: try c.hex("private"))
        let publicKey = try X25519.KeyAgreement.PublicKey(rawRepresentation: try c.hex("public"))
        let shared = try privateKey.sharedSecretFromKeyAgreement(with: publicKey)
        try VectorChecks.expectEqual(shared.withUnsafeBytes { Array($0) }, try c.hex("shared"), "shared secret")
    }

    static func ecdhP256(_ c: VectorCase) throws {
        let scalar = Array(try c.hex("private").drop { $0 == 0 })
        let padded = [UInt8](repeating: 0, count: max(0, 32 - scalar.count)) + scalar
        let privateKey = try P256.KeyAgreement.PrivateKey(rawRepresentation: padded)
        let publicKey = try P256.KeyAgreement.PublicKey(derRepresentation: try c.hex("public"))
        let shared = try privateKey.sharedSecretFromKeyAgreement(with: publicKey)
        try VectorChecks.expectEqual(shared.withUnsafeBytes { Array($0) }, try c.hex("shared"), "shared secret")
    }

    static func rfc8032(_ c: VectorCase) throws {
        let key = try Ed25519.PrivateKey(rawRepresentation: try c.hex("secretKey"))
        try VectorChecks.expectEqual(key.publicKey.rawRepresentation, try c.hex("publicKey"), "public key")
        let message = try c.hex("message")
        let signature: Ed25519.Signature = try key.signature(for: message)
        try VectorChecks.expectEqual(signature.rawRepresentation, try c.hex("signature"), "signature")
        // CryptoKit's form: the same bytes as `Data`.
        let data = try key.signature(for: message)
        try VectorChecks.expectEqual(data, try c.hex("signature"), "signature as Data")
        guard key.publicKey.isValidSignature(signature, for: message),
            key.publicKey.isValidSignature(data, for: message)
        else {
            throw VectorChecks.Mismatch(description: "does not verify")
        }
    }

    /// GB/T 32918 Annex A: the key, Z, e and the signature, with the ID explicit, and refused
    /// under OpenSSL 3.0's empty default ID.
    static func sm2(_ c: VectorCase) throws {
        let key = try SM2.Signing.PrivateKey(rawRepresentation: try c.hex("privateKey"))
        try VectorChecks.expectEqual(key.publicKey.x963Representation, try c.hex("publicKeyUncompressed"), "public key")
        let (id, message) = (try c.hex("userId"), try c.hex("message"))
        var hasher = try key.publicKey.digestHasher(distinguishingID: id)
        hasher.update(data: message)
        let e = hasher.finalize()
        try VectorChecks.expectEqual(e.bytes, try c.hex("e"), "e = SM3(Z || M)")
        let signature = try SM2.Signing.Signature(derRepresentation: try c.hex("signatureDer"))
        try VectorChecks.expectEqual(signature.rawRepresentation, try c.hex("signatureRaw"), "r || s")
        guard key.publicKey.isValidSignature(signature, for: message, distinguishingID: id),
            key.publicKey.isValidSignature(signature, for: message),
            key.publicKey.isValidSignature(signature, forDigest: e),
            !key.publicKey.isValidSignature(signature, for: message, distinguishingID: [UInt8]())
        else { throw VectorChecks.Mismatch(description: "the annex signature does not verify as expected") }
        let fresh = try key.signature(forDigest: e)
        guard key.publicKey.isValidSignature(fresh, for: message, distinguishingID: id) else {
            throw VectorChecks.Mismatch(description: "a digest signature does not verify over the message")
        }
    }
}
