internal import COpenSSL

extension PKey {
    /// The raw private key: the seed (Ed25519, X25519) or the scalar, left-padded to the field length.
    func rawPrivateKey() -> SecureBytes {
        let count = algorithm.privateKeyByteCount
        return SecureBytes(unsafeUninitializedCount: count) { buffer in
            let out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            if algorithm.isWeierstrass {
                var scalar: OpaquePointer?
                guard EVP_PKEY_get_bn_param(pointer, OSSL_PKEY_PARAM_PRIV_KEY, &scalar) == 1, let scalar else {
                    fatalError("\(CryptoError.backend("private scalar export failed"))")
                }
                defer { BN_clear_free(scalar) }
                guard BN_bn2binpad(scalar, out, Int32(count)) == count else { fatalError("BN_bn2binpad failed") }
            } else {
                var length = count
                guard EVP_PKEY_get_raw_private_key(pointer, out, &length) == 1, length == count else {
                    fatalError("\(CryptoError.backend("raw private key export failed"))")
                }
            }
        }
    }

    /// The raw public key: 32 bytes (Ed25519, X25519) or the SEC1 point, uncompressed or compressed.
    func rawPublicKey(compressed: Bool = false) -> [UInt8] {
        guard let curve = algorithm.curve else {
            var output = [UInt8](repeating: 0, count: 32)
            var length = 32
            guard EVP_PKEY_get_raw_public_key(pointer, &output, &length) == 1, length == 32 else {
                fatalError("\(CryptoError.backend("raw public key export failed"))")
            }
            return output
        }
        let field = algorithm.fieldByteCount
        var uncompressed = [UInt8](repeating: 0, count: 1 + 2 * field)
        var length = 0
        guard
            EVP_PKEY_get_octet_string_param(
                pointer, OSSL_PKEY_PARAM_PUB_KEY, &uncompressed, uncompressed.count, &length) == 1,
            length == uncompressed.count || length == 1 + field
        else { fatalError("\(CryptoError.backend("public point export failed"))") }
        let wantLength = compressed ? 1 + field : 1 + 2 * field
        if length == wantLength { return Array(uncompressed.prefix(length)) }
        // The key keeps the form it was imported in; convert through EC_POINT for the other form.
        guard let point = EC_POINT_new(curve.pointer) else { fatalError("EC_POINT_new: out of memory") }
        defer { EC_POINT_free(point) }
        var converted = [UInt8](repeating: 0, count: wantLength)
        let form = compressed ? POINT_CONVERSION_COMPRESSED : POINT_CONVERSION_UNCOMPRESSED
        guard EC_POINT_oct2point(curve.pointer, point, uncompressed, length, nil) == 1,
            EC_POINT_point2oct(curve.pointer, point, form, &converted, wantLength, nil) == wantLength
        else { fatalError("\(CryptoError.backend("point conversion failed"))") }
        return converted
    }

    /// `SubjectPublicKeyInfo` DER.
    /// Ed25519 and X25519 keys are written directly as RFC 8410's fixed 12-byte prefix and the raw
    /// key: OpenSSL's encoder costs about 100 µs, several times the key generation itself, and
    /// makes every new key pay for a DER it may never need (issue 15). Tests check the bytes
    /// against `encodedPublicKeyDER()`. EC keys go through the encoder, which keeps the point form
    /// (compressed or not) the key was imported in.
    func publicKeyDER() -> [UInt8] {
        let prefix: [UInt8]
        switch algorithm.id {
        case .x25519: prefix = Self.x25519SubjectPublicKeyInfoPrefix
        case .ed25519: prefix = Self.ed25519SubjectPublicKeyInfoPrefix
        default: return encodedPublicKeyDER()
        }
        return [UInt8](unsafeUninitializedCapacity: prefix.count + 32) { buffer, initialized in
            _ = buffer.initialize(from: prefix)
            var length = 32
            guard EVP_PKEY_get_raw_public_key(pointer, buffer.baseAddress! + prefix.count, &length) == 1, length == 32
            else { fatalError("\(CryptoError.backend("raw public key export failed"))") }
            initialized = prefix.count + 32
        }
    }

    /// SEQUENCE { SEQUENCE { OID 1.3.101.110 }, BIT STRING (0 unused bits) of 32 bytes }.
    private static let x25519SubjectPublicKeyInfoPrefix: [UInt8] = [
        0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x6E, 0x03, 0x21, 0x00,
    ]
    /// The same with OID 1.3.101.112.
    private static let ed25519SubjectPublicKeyInfoPrefix: [UInt8] = [
        0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00,
    ]

    /// SubjectPublicKeyInfo DER from OpenSSL's encoder (`i2d_PUBKEY`).
    func encodedPublicKeyDER() -> [UInt8] {
        guard let der = DERWriter.encode({ i2d_PUBKEY(pointer, $0) }) else {
            fatalError("\(CryptoError.backend("i2d_PUBKEY failed"))")
        }
        return der
    }

    /// PKCS#8 `PrivateKeyInfo` DER, unencrypted.
    func privateKeyDER() -> SecureBytes {
        guard
            let encoder = OSSL_ENCODER_CTX_new_for_pkey(
                pointer, PKey.keyPairSelection, StaticCString.der, StaticCString.privateKeyInfo, nil)
        else { fatalError("\(CryptoError.backend("no PKCS#8 encoder"))") }
        defer { OSSL_ENCODER_CTX_free(encoder) }
        var data: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard OSSL_ENCODER_to_data(encoder, &data, &length) == 1, let data else {
            fatalError("\(CryptoError.backend("PKCS#8 encoding failed"))")
        }
        defer { wc_openssl_clear_free(data, length) }
        return SecureBytes(UnsafeRawBufferPointer(start: data, count: length))
    }

    /// The same public key without the private part, rebuilt from the raw key or point (a DER round
    /// trip would run OpenSSL's encoder and decoder, which cost more than an X25519 operation).
    func publicOnly() -> PKey {
        let raw = rawPublicKey()
        do {
            return try raw.withBytes { (bytes) throws(CryptoError) in try PKey.publicKey(raw: bytes, algorithm) }
        } catch {
            fatalError("re-importing our own public key failed: \(error)")
        }
    }
}
