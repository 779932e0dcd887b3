/// DHKEM (RFC 9180 section 4.1) over X25519 or P-256 with HKDF-SHA256.
struct HPKEKEM {
    let kem: HPKE.KEM
    /// One HKDF context for every derivation of this KEM operation.
    private let labels: HPKELabels
    /// The HKDF context, for the key schedule to reuse.
    var session: HKDFSession { labels.session }

    init(kem: HPKE.KEM) {
        self.kem = kem
        labels = HPKELabels(kem: kem)
    }

    /// The serialised public key: 32 raw bytes, or the uncompressed P-256 point.
    func serialize(_ key: PKey) -> [UInt8] { key.rawPublicKey() }

    /// A public key from `enc` or pkR; invalid points are refused.
    func deserialize(_ bytes: [UInt8]) throws(CryptoError) -> PKey {
        guard bytes.count == kem.encapsulatedKeyByteCount else {
            throw CryptoError(
                .invalidEncoding,
                "an HPKE \(kem) public key is \(kem.encapsulatedKeyByteCount) bytes, got \(bytes.count)")
        }
        return try bytes.withBytes { (raw) throws(CryptoError) in try PKey.publicKey(raw: raw, kem.algorithm) }
    }

    /// DeriveKeyPair(ikm) (section 7.1.3), including P-256's rejection sampling with bitmask 0xff.
    func deriveKeyPair(_ ikm: [UInt8]) throws(CryptoError) -> PKey {
        let prk = ikm.withUnsafeBytes { labels.extract(label: "dkp_prk", ikm: $0) }
        if kem == .Curve25519_HKDF_SHA256 {
            let sk = labels.expand(prk: prk, label: "sk", info: [], count: kem.privateKeyByteCount)
            return try sk.withBytes { (raw) throws(CryptoError) in try PKey.privateKey(raw: raw, .x25519) }
        }
        for counter in 0...255 {
            let candidate = labels.expand(prk: prk, label: "candidate", info: [UInt8(counter)], count: 32)
            if let key = try? candidate.withBytes({ (raw) throws(CryptoError) in try PKey.privateKey(raw: raw, .p256) })
            {
                return key
            }
        }
        throw CryptoError(.invalidParameter, "DeriveKeyPair found no valid P-256 scalar")
    }

    /// ExtractAndExpand(dh, kem_context).
    private func sharedSecret(dh: SecureBytes, context: [UInt8]) -> SecureBytes {
        let prk = dh.withUnsafeBytes { labels.extract(label: "eae_prk", ikm: $0) }
        return labels.expand(prk: prk, label: "shared_secret", info: context, count: kem.sharedSecretByteCount)
    }

    /// Encap or AuthEncap with the ephemeral key `ephemeral`: returns (shared_secret, enc).
    func encapsulate(to recipient: PKey, ephemeral: PKey, sender: PKey?) throws(CryptoError) -> (SecureBytes, [UInt8]) {
        let enc = serialize(ephemeral)
        var dh = try ephemeral.sharedSecret(with: recipient)
        var context = enc + serialize(recipient)
        if let sender {
            dh = concatenate(dh, try sender.sharedSecret(with: recipient))
            // A private key serialises its own public half; re-importing it would cost an encoder round trip.
            context += serialize(sender)
        }
        return (sharedSecret(dh: dh, context: context), enc)
    }

    /// Decap or AuthDecap.
    func decapsulate(_ enc: [UInt8], recipient: PKey, sender: PKey?) throws(CryptoError) -> SecureBytes {
        let ephemeral = try deserialize(enc)
        var dh = try recipient.sharedSecret(with: ephemeral)
        var context = enc + serialize(recipient)
        if let sender {
            dh = concatenate(dh, try recipient.sharedSecret(with: sender))
            context += serialize(sender)
        }
        return sharedSecret(dh: dh, context: context)
    }

    private func concatenate(_ a: SecureBytes, _ b: SecureBytes) -> SecureBytes {
        SecureBytes(unsafeUninitializedCount: a.count + b.count) { buffer in
            a.withUnsafeBytes { buffer.copyMemory(from: $0) }
            b.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[a.count...]).copyMemory(from: $0) }
        }
    }
}
