internal import COpenSSL

/// Builds EC and SM2 `EVP_PKEY`s from a scalar or a SEC1 point with `EVP_PKEY_fromdata`.
enum ECKeyBuilder {
    /// A key pair from the scalar d; the public point d·G is computed with `EC_POINT_mul`.
    static func keyPair(scalar: UnsafeRawBufferPointer, _ algorithm: KeyAlgorithm, _ curve: CurveGroup)
        throws(CryptoError) -> PKey
    {
        guard let d = BN_secure_new() else { fatalError("BN_secure_new: out of memory") }
        defer { BN_clear_free(d) }
        guard BN_bin2bn(scalar.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(scalar.count), d) != nil,
            let point = EC_POINT_new(curve.pointer)
        else { throw CryptoError.backend("scalar import failed") }
        defer { EC_POINT_free(point) }
        let size = 1 + 2 * algorithm.fieldByteCount
        var encoded = [UInt8](repeating: 0, count: size)
        guard EC_POINT_mul(curve.pointer, point, d, nil, nil, nil) == 1,
            EC_POINT_point2oct(curve.pointer, point, POINT_CONVERSION_UNCOMPRESSED, &encoded, size, nil) == size
        else { throw CryptoError.backend("public point computation failed") }
        return try encoded.withBytes { (pub) throws(CryptoError) in
            try build(algorithm, curve, selection: PKey.keyPairSelection, hasPrivateKey: true) { builder in
                OSSL_PARAM_BLD_push_BN(builder, StaticCString.privateKey, d) == 1
                    && OSSL_PARAM_BLD_push_octet_string(builder, StaticCString.publicKey, pub.baseAddress, pub.count)
                        == 1
            }
        }
    }

    /// A public key from a SEC1-encoded point; OpenSSL's decoding rejects points off the curve.
    static func publicKey(point: UnsafeRawBufferPointer, _ algorithm: KeyAlgorithm, _ curve: CurveGroup)
        throws(CryptoError) -> PKey
    {
        try build(algorithm, curve, selection: PKey.publicKeySelection, hasPrivateKey: false) { builder in
            OSSL_PARAM_BLD_push_octet_string(builder, StaticCString.publicKey, point.baseAddress, point.count) == 1
        }
    }

    private static func build(
        _ algorithm: KeyAlgorithm, _ curve: CurveGroup, selection: Int32, hasPrivateKey: Bool,
        _ push: (OpaquePointer) -> Bool
    ) throws(CryptoError) -> PKey {
        guard let builder = OSSL_PARAM_BLD_new() else { fatalError("OSSL_PARAM_BLD_new: out of memory") }
        defer { OSSL_PARAM_BLD_free(builder) }
        guard OSSL_PARAM_BLD_push_utf8_string(builder, StaticCString.group, curve.name, 0) == 1, push(builder),
            let parameters = OSSL_PARAM_BLD_to_param(builder)
        else { throw CryptoError.backend("\(algorithm) key parameters failed") }
        // OSSL_PARAM_free clears the secure-heap copy of the scalar.
        defer { OSSL_PARAM_free(parameters) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, curve.keyType, nil) else {
            throw CryptoError.backend("no \(algorithm) key manager")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1, EVP_PKEY_fromdata(context, &key, selection, parameters) == 1,
            let key
        else {
            OpenSSLErrors.clear()
            throw CryptoError(.invalidEncoding, "not a valid \(algorithm) key")
        }
        return PKey(taking: key, algorithm: algorithm, hasPrivateKey: hasPrivateKey)
    }
}
