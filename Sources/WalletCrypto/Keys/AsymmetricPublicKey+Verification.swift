import Foundation

extension AsymmetricPublicKey where Scheme: SigningScheme {
    /// Whether `signature` is valid for `message`. SM2 uses the default distinguishing ID;
    /// secp256k1 applies `.strictLowS`. Every failure, whatever its cause, is `false`.
    public func isValidSignature(_ signature: Scheme.Signature, for message: some DataProtocol) -> Bool {
        let sm2ID = Scheme.algorithm == .sm2 ? SM2.Signing.defaultDistinguishingID : nil
        return ContiguousInput.with(message) { verify(signature, $0, sm2ID: sm2ID, policy: .strictLowS) }
    }

    func verify(
        _ signature: Scheme.Signature, _ message: UnsafeRawBufferPointer, sm2ID: [UInt8]?,
        policy: Secp256k1.SignaturePolicy
    ) -> Bool {
        guard let encoded = encodedForOpenSSL(signature, policy: policy) else { return false }
        return encoded.withUnsafeBytes { signatureBytes in
            guard let sm2ID else { return key.verify(signature: signatureBytes, message: message, sm2ID: nil) }
            return sm2ID.withUnsafeBytes { key.verify(signature: signatureBytes, message: message, sm2ID: $0) }
        }
    }

    /// Ed25519 as is; r ‖ s as DER, or nil when secp256k1's policy refuses a high s.
    func encodedForOpenSSL(_ signature: Scheme.Signature, policy: Secp256k1.SignaturePolicy) -> [UInt8]? {
        guard let curve = Scheme.algorithm.curve else { return signature.rawBytes }
        if Scheme.algorithm == .secp256k1, policy == .strictLowS,
            !ECDSASignatureCodec.isLowS(raw: signature.rawBytes, curve: curve)
        {
            return nil
        }
        return try? signature.rawBytes.withBytes { (raw) throws(CryptoError) in
            try ECDSASignatureCodec.der(fromRaw: raw, fieldByteCount: Scheme.algorithm.fieldByteCount)
        }
    }
}

extension AsymmetricPublicKey where Scheme: WeierstrassSigningScheme {
    /// Whether `signature` is valid for a digest computed elsewhere with the scheme's hash.
    public func isValidSignature(_ signature: Scheme.Signature, forDigest digest: Digest) -> Bool {
        isValid(signature, digest)
    }

    /// CryptoKit's spelling of `isValidSignature(_:forDigest:)`; false for SM2, whose signatures
    /// cover e = SM3(Z ‖ M) rather than a plain digest.
    public func isValidSignature(_ signature: Scheme.Signature, for digest: Digest) -> Bool {
        Scheme.algorithm != .sm2 && isValid(signature, digest)
    }

    private func isValid(_ signature: Scheme.Signature, _ digest: Digest) -> Bool {
        guard digest.algorithm == Scheme.algorithm.signatureDigest,
            let der = encodedForOpenSSL(signature, policy: .strictLowS)
        else { return false }
        return der.withUnsafeBytes { signatureBytes in
            digest.withUnsafeBytes { key.verify(signature: signatureBytes, digest: $0) }
        }
    }
}

extension AsymmetricPublicKey where Scheme == Secp256k1.Signing {
    /// Whether `signature` is valid for `message` under `policy`.
    public func isValidSignature(
        _ signature: Scheme.Signature, for message: some DataProtocol, policy: Secp256k1.SignaturePolicy
    ) -> Bool {
        ContiguousInput.with(message) { verify(signature, $0, sm2ID: nil, policy: policy) }
    }
}

extension AsymmetricPublicKey where Scheme == SM2.Signing {
    /// Whether `signature` is valid for `message` under an explicit distinguishing ID.
    public func isValidSignature(
        _ signature: Scheme.Signature, for message: some DataProtocol, distinguishingID: some DataProtocol
    ) -> Bool {
        guard let id = try? SM2Identity.check(distinguishingID) else { return false }
        return ContiguousInput.with(message) { verify(signature, $0, sm2ID: id, policy: .strictLowS) }
    }

    /// An SM3 hasher that has absorbed Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) (GB/T 32918.2
    /// section 5.5). Feed it the message and finalize to get e, the digest `signature(forDigest:)` takes.
    /// Throws `CryptoError`.
    public func digestHasher(distinguishingID: some DataProtocol = SM2.Signing.defaultDistinguishingID)
        throws -> SM3
    {
        let id = try SM2Identity.check(distinguishingID)
        var z = SM3()
        let bits = UInt16(id.count * 8)
        z.update(data: [UInt8(bits >> 8), UInt8(bits & 0xff)] + id)
        z.update(data: CurveGroup.sm2.curveParameters)
        z.update(data: x963Bytes.dropFirst())
        var hasher = SM3()
        hasher.update(data: z.finalize().bytes)
        return hasher
    }
}

extension AsymmetricPublicKey where Scheme == Ed25519 {
    /// Whether the 64 raw bytes `signature` are a valid signature for `message`: CryptoKit's form,
    /// for signatures received as `Data`. Any other length is `false`.
    public func isValidSignature(_ signature: some DataProtocol, for message: some DataProtocol) -> Bool {
        guard let parsed = try? Scheme.Signature(rawRepresentation: signature) else { return false }
        return isValidSignature(parsed, for: message)
    }

    /// Whether `signature` is a prehash-mode signature over this BLAKE2b-512 digest.
    public func isValidSignature(_ signature: Scheme.Signature, forPrehashedDigest digest: Digest) -> Bool {
        guard let message = try? Ed25519Prehash.message(for: digest) else { return false }
        return message.withUnsafeBytes { verify(signature, $0, sm2ID: nil, policy: .strictLowS) }
    }
}
