import Foundation

extension AsymmetricPrivateKey where Scheme: SigningScheme {
    /// Signs `message`. Ed25519 is deterministic; ECDSA and SM2 draw a fresh nonce from OpenSSL's
    /// DRBG; secp256k1 signatures are always low-S; SM2 uses the default distinguishing ID. On an
    /// Ed25519 key an unannotated call returns `Data`, as in CryptoKit (see the `Ed25519` overload).
    /// Throws `CryptoError`.
    public func signature(for message: some DataProtocol) throws -> Scheme.Signature {
        try ContiguousInput.withTyped(message) { (message) throws(CryptoError) in
            try sign(message, sm2ID: Scheme.algorithm == .sm2 ? SM2.Signing.defaultDistinguishingID : nil)
        }
    }

    func sign(_ message: UnsafeRawBufferPointer, sm2ID: [UInt8]?) throws(CryptoError) -> Scheme.Signature {
        let signature: [UInt8]
        if let sm2ID {
            signature = try sm2ID.withBytes { (id) throws(CryptoError) in try key.sign(message: message, sm2ID: id) }
        } else {
            signature = try key.sign(message: message, sm2ID: nil)
        }
        return try Self.normalise(signature)
    }

    /// Ed25519 output as is; ECDSA/SM2 DER to r ‖ s, with secp256k1's s made low.
    static func normalise(_ signature: [UInt8]) throws(CryptoError) -> Scheme.Signature {
        guard let curve = Scheme.algorithm.curve else { return AsymmetricSignature(checkedRaw: signature) }
        let raw = try signature.withBytes { (der) throws(CryptoError) in
            try ECDSASignatureCodec.raw(fromDER: der, fieldByteCount: Scheme.algorithm.fieldByteCount, trusted: true)
        }
        return AsymmetricSignature(
            checkedRaw: Scheme.algorithm == .secp256k1 ? ECDSASignatureCodec.lowS(raw: raw, curve: curve) : raw)
    }
}

extension AsymmetricPrivateKey where Scheme: WeierstrassSigningScheme {
    /// Signs a digest computed elsewhere, for instance incrementally over a multi-gigabyte file.
    /// The digest must come from the scheme's hash (SHA-256, SHA-384, or for SM2 the value
    /// e = SM3(Z ‖ M) from `AsymmetricPublicKey.digestHasher`); any other throws `CryptoError` `.invalidParameter`.
    public func signature(forDigest digest: Digest) throws -> Scheme.Signature {
        try signatureOfDigest(digest)
    }

    /// CryptoKit's spelling of `signature(forDigest:)`: signs a SHA-256 (P-256, secp256k1) or
    /// SHA-384 (P-384) digest. SM2 signs e = SM3(Z ‖ M), not SM3(M), so for SM2 this throws
    /// `CryptoError` `.invalidParameter`; use `digestHasher` and `signature(forDigest:)`.
    public func signature(for digest: Digest) throws -> Scheme.Signature {
        guard Scheme.algorithm != .sm2 else {
            throw CryptoError(
                .invalidParameter, "SM2 signs e = SM3(Z || M): use digestHasher and signature(forDigest:)")
        }
        return try signatureOfDigest(digest)
    }

    private func signatureOfDigest(_ digest: Digest) throws(CryptoError) -> Scheme.Signature {
        guard digest.algorithm == Scheme.algorithm.signatureDigest else {
            throw CryptoError(
                .invalidParameter,
                "\(Scheme.algorithm) signs \(Scheme.algorithm.signatureDigest?.description ?? "-") digests, got \(digest.algorithm)"
            )
        }
        return try Self.normalise(
            try digest.bytes.withBytes { (bytes) throws(CryptoError) in try key.sign(digest: bytes) })
    }
}

extension AsymmetricPrivateKey where Scheme == SM2.Signing {
    /// Signs `message` with an explicit SM2 distinguishing ID (at most 8191 bytes).
    /// Throws `CryptoError`.
    public func signature(for message: some DataProtocol, distinguishingID: some DataProtocol) throws
        -> Scheme.Signature
    {
        let id = try SM2Identity.check(distinguishingID)
        return try ContiguousInput.withTyped(message) { (message) throws(CryptoError) in try sign(message, sm2ID: id) }
    }
}

extension AsymmetricPrivateKey where Scheme == Ed25519 {
    /// Signs `message` and returns the 64 signature bytes as `Data`, as CryptoKit's
    /// `Curve25519.Signing.PrivateKey.signature(for:)` does, so `let s = try key.signature(for: m)`
    /// is `Data` for an Ed25519 key (Swift prefers this overload to the generic one). Annotate
    /// `Ed25519.Signature` for the typed signature; generic code over `SigningScheme` gets it too.
    /// Ed25519 is deterministic. Throws `CryptoError`.
    public func signature(for message: some DataProtocol) throws -> Data {
        Data(try ed25519Signature(for: message).rawBytes)
    }

    /// The typed signature of `message`, for the library's own code: on an Ed25519 key,
    /// `signature(for:)` without an annotation is the `Data` overload.
    func ed25519Signature(for message: some DataProtocol) throws(CryptoError) -> Scheme.Signature {
        try ContiguousInput.withTyped(message) { (message) throws(CryptoError) in try sign(message, sm2ID: nil) }
    }

    /// Signs a BLAKE2b-512 digest of a message in WalletCustody's prehash mode
    /// (`docs/spec/ed25519-prehash.md`): pure Ed25519 over a domain label followed by the digest, so
    /// a file of any size is signed in constant memory. Throws `CryptoError` `.invalidParameter` for another digest.
    public func signature(forPrehashedDigest digest: Digest) throws -> Scheme.Signature {
        let message = try Ed25519Prehash.message(for: digest)
        return try message.withBytes { (bytes) throws(CryptoError) in try sign(bytes, sm2ID: nil) }
    }
}
