internal import COpenSSL

/// A parsed `EVP_PKEY`, kept for the life of the key so no call re-imports key bytes.
///
/// Immutable after init; OpenSSL documents a fully constructed `EVP_PKEY` as safe to use from
/// several threads at once for signing, verifying and deriving, so sharing it is sound.
final class PKey: @unchecked Sendable {
    let pointer: OpaquePointer
    let algorithm: KeyAlgorithm
    let hasPrivateKey: Bool
    /// `EVP_PKEY_CTX`s after `EVP_PKEY_sign_init` (tag 1) or `EVP_PKEY_verify_init` (tag 2): one per
    /// key measured 1.18x the `EVP_DigestSign` path for ECDSA.
    let keyContexts = ContextSlot { EVP_PKEY_CTX_free($0) }
    /// Ed25519 `EVP_MD_CTX`s after `EVP_DigestSignInit` (tag 1) or `EVP_DigestVerifyInit` (tag 2),
    /// which one-shot `EVP_DigestSign` can reuse, as `openssl speed` does.
    let digestContexts = ContextSlot { EVP_MD_CTX_free($0) }

    /// Takes ownership of `pointer`.
    init(taking pointer: OpaquePointer, algorithm: KeyAlgorithm, hasPrivateKey: Bool) {
        self.pointer = pointer
        self.algorithm = algorithm
        self.hasPrivateKey = hasPrivateKey
    }

    deinit { EVP_PKEY_free(pointer) }

    /// The largest DER key accepted; real keys are under 300 bytes, so anything bigger is hostile.
    static let maximumDERByteCount = 16 << 10

    static func checkSize(_ der: UnsafeRawBufferPointer) throws(CryptoError) {
        guard der.count <= maximumDERByteCount else {
            throw CryptoError(.invalidEncoding, "a DER key has at most \(maximumDERByteCount) bytes, got \(der.count)")
        }
    }

    // Selections from core_dispatch.h; the header's composite macros do not import into Swift.
    static let keyPairSelection: Int32 = 0x87
    static let publicKeySelection: Int32 = 0x86

    /// Prepared key-generation contexts, one slot per algorithm: creating one fetches the key
    /// manager by name, which costs more than an X25519 key generation itself.
    private static let generators = KeyAlgorithm.all.map { _ in ContextSlot { EVP_PKEY_CTX_free($0) } }

    /// A new random key.
    static func generate(_ algorithm: KeyAlgorithm) throws(CryptoError) -> PKey {
        let slot = generators[Int(algorithm.fileID) - 1]
        let context: OpaquePointer
        if let cached = slot.take() {
            context = cached
        } else {
            OpenSSLErrors.clear()
            guard let fresh = EVP_PKEY_CTX_new_from_name(nil, algorithm.openSSLKeyType, nil) else {
                throw CryptoError.backend("no key generator for \(algorithm)")
            }
            guard EVP_PKEY_keygen_init(fresh) == 1,
                algorithm.curve.map({ EVP_PKEY_CTX_set_group_name(fresh, $0.name) == 1 }) ?? true
            else {
                EVP_PKEY_CTX_free(fresh)
                throw CryptoError.backend("\(algorithm) key generation setup failed")
            }
            context = fresh
        }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else {
            slot.discard(context)
            throw CryptoError.backend("\(algorithm) key generation failed")
        }
        slot.put(context)
        return PKey(taking: key, algorithm: algorithm, hasPrivateKey: true)
    }

    /// The private key from its raw form: a 32-byte seed (Ed25519, X25519) or a big-endian scalar
    /// in 1...n-1 of exactly the field length.
    static func privateKey(raw: UnsafeRawBufferPointer, _ algorithm: KeyAlgorithm) throws(CryptoError) -> PKey {
        guard raw.count == algorithm.privateKeyByteCount else {
            throw CryptoError(
                .invalidEncoding,
                "a raw \(algorithm) private key is \(algorithm.privateKeyByteCount) bytes, got \(raw.count)")
        }
        OpenSSLErrors.clear()
        guard let curve = algorithm.curve else {
            guard
                let key = EVP_PKEY_new_raw_private_key_ex(
                    nil, algorithm.openSSLKeyType, nil, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count)
            else { throw CryptoError.backend("\(algorithm) private key import failed") }
            return PKey(taking: key, algorithm: algorithm, hasPrivateKey: true)
        }
        guard ConstantTime.isNonZeroAndBelow(raw, curve.order) else {
            throw CryptoError(.invalidEncoding, "a \(algorithm) private scalar must be in 1...n-1")
        }
        return try ECKeyBuilder.keyPair(scalar: raw, algorithm, curve)
    }

    /// The public key from its raw form: 32 bytes (Ed25519, X25519) or a SEC1 point, uncompressed
    /// (x963) or compressed, on the right curve and not the point at infinity.
    static func publicKey(raw: UnsafeRawBufferPointer, _ algorithm: KeyAlgorithm) throws(CryptoError) -> PKey {
        OpenSSLErrors.clear()
        guard let curve = algorithm.curve else {
            guard raw.count == 32 else {
                throw CryptoError(.invalidEncoding, "a raw \(algorithm) public key is 32 bytes, got \(raw.count)")
            }
            guard
                let key = EVP_PKEY_new_raw_public_key_ex(
                    nil, algorithm.openSSLKeyType, nil, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count)
            else { throw CryptoError.backend("\(algorithm) public key import failed") }
            return PKey(taking: key, algorithm: algorithm, hasPrivateKey: false)
        }
        let field = algorithm.fieldByteCount
        let validPrefix =
            (raw.count == 1 + 2 * field && raw.first == 0x04)
            || (raw.count == 1 + field && (raw.first == 0x02 || raw.first == 0x03))
        guard validPrefix else {
            throw CryptoError(
                .invalidEncoding,
                "a \(algorithm) public point is \(1 + 2 * field) bytes starting 04 or \(1 + field) bytes starting 02/03"
            )
        }
        let key = try ECKeyBuilder.publicKey(point: raw, algorithm, curve)
        try key.checkPublicKey()
        guard raw.first == 0x04 else {
            // Store every key uncompressed, so its DER form and key ID do not depend on the input form.
            let uncompressed = key.rawPublicKey(compressed: false)
            return try uncompressed.withBytes { (bytes) throws(CryptoError) in
                try ECKeyBuilder.publicKey(point: bytes, algorithm, curve)
            }
        }
        return key
    }

    /// The private key from PKCS#8 `PrivateKeyInfo` DER, with no trailing bytes.
    static func privateKey(der: UnsafeRawBufferPointer, _ algorithm: KeyAlgorithm) throws(CryptoError) -> PKey {
        try checkSize(der)
        OpenSSLErrors.clear()
        // The decoder keeps this address and writes the key through it during
        // OSSL_DECODER_from_data, so it must outlive both calls: a Swift `&local` would not.
        let slot = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
        slot.initialize(to: nil)
        defer { slot.deallocate() }
        guard
            let decoder = OSSL_DECODER_CTX_new_for_pkey(
                slot, StaticCString.der, StaticCString.privateKeyInfo, nil, keyPairSelection, nil, nil)
        else { throw CryptoError.backend("no PKCS#8 decoder") }
        var data = der.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var remaining = der.count
        let decoded = !der.isEmpty && OSSL_DECODER_from_data(decoder, &data, &remaining) == 1
        OSSL_DECODER_CTX_free(decoder)
        guard decoded, let key = slot.pointee else {
            if let key = slot.pointee { EVP_PKEY_free(key) }
            OpenSSLErrors.clear()
            throw CryptoError(.invalidEncoding, "not a PKCS#8 PrivateKeyInfo")
        }
        let parsed = PKey(taking: key, algorithm: algorithm, hasPrivateKey: true)
        guard remaining == 0 else { throw CryptoError(.invalidEncoding, "trailing bytes after the PKCS#8 key") }
        try parsed.checkAlgorithm()
        return try parsed.normalisedPrivateKey()
    }

    /// The same private key rebuilt from its raw seed or scalar. PKCS#8 may carry a public key that
    /// does not match the scalar, an out-of-range scalar or a compressed point, none of which OpenSSL
    /// checks on decode; rebuilding recomputes the public key and range-checks the scalar, so every
    /// imported key has one canonical public key and key ID.
    func normalisedPrivateKey() throws(CryptoError) -> PKey {
        try rawPrivateKey().withBytes { (raw) throws(CryptoError) in try PKey.privateKey(raw: raw, algorithm) }
    }

    /// The public key from `SubjectPublicKeyInfo` DER, canonical and with no trailing bytes.
    static func publicKey(der: UnsafeRawBufferPointer, _ algorithm: KeyAlgorithm) throws(CryptoError) -> PKey {
        try checkSize(der)
        OpenSSLErrors.clear()
        var data = der.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard !der.isEmpty, der.count < Int(Int32.max), let key = d2i_PUBKEY_ex(nil, &data, der.count, nil, nil)
        else {
            OpenSSLErrors.clear()
            throw CryptoError(.invalidEncoding, "not a SubjectPublicKeyInfo")
        }
        let parsed = PKey(taking: key, algorithm: algorithm, hasPrivateKey: false)
        try parsed.checkAlgorithm()
        guard parsed.publicKeyDER().elementsEqual(der) else {
            throw CryptoError(
                .invalidEncoding, "the SubjectPublicKeyInfo is not in canonical DER or has trailing bytes")
        }
        guard algorithm.isWeierstrass else { return parsed }
        guard parsed.usesNamedCurve() else {
            throw CryptoError(.invalidEncoding, "only named curves are accepted, not explicit curve parameters")
        }
        // Rebuild from the point: refuses hybrid (06/07) encodings and makes every key uncompressed,
        // so one public key has one DER form and one key ID.
        let point = parsed.rawPublicKey()
        return try point.withBytes { (bytes) throws(CryptoError) in try PKey.publicKey(raw: bytes, algorithm) }
    }

    /// Whether an EC key names its curve rather than spelling out its parameters.
    private func usesNamedCurve() -> Bool {
        var encoding = [CChar](repeating: 0, count: 32)
        var length = 0
        let named =
            EVP_PKEY_get_utf8_string_param(pointer, OSSL_PKEY_PARAM_EC_ENCODING, &encoding, encoding.count, &length)
            == 1 && strcmp(encoding, OSSL_PKEY_EC_ENCODING_GROUP) == 0
        OpenSSLErrors.clear()
        return named
    }

    /// Refuses a key whose type or curve is not `algorithm`'s.
    private func checkAlgorithm() throws(CryptoError) {
        let matches: Bool
        if let curve = algorithm.curve {
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            let isEC = EVP_PKEY_is_a(pointer, "EC") == 1 || EVP_PKEY_is_a(pointer, "SM2") == 1
            matches =
                isEC
                && EVP_PKEY_get_utf8_string_param(pointer, OSSL_PKEY_PARAM_GROUP_NAME, &name, name.count, &length) == 1
                && strcmp(name, curve.name) == 0
        } else {
            matches = EVP_PKEY_is_a(pointer, algorithm.openSSLKeyType) == 1
        }
        OpenSSLErrors.clear()
        guard matches else { throw CryptoError(.invalidEncoding, "the key is not a \(algorithm) key") }
    }

    /// On the curve, in the prime-order subgroup and not the point at infinity.
    private func checkPublicKey() throws(CryptoError) {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, pointer, nil) else {
            fatalError("EVP_PKEY_CTX_new_from_pkey: out of memory")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_public_check(context) == 1 else {
            OpenSSLErrors.clear()
            throw CryptoError(.invalidEncoding, "the \(algorithm) public key is not a valid point on the curve")
        }
    }
}
