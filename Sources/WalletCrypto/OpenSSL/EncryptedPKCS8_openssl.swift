internal import COpenSSL

/// Passphrase-encrypted PKCS#8 (`EncryptedPrivateKeyInfo`, RFC 5958) as `openssl pkey` reads and
/// writes it: PBES2 with PBKDF2-HMAC-SHA-256 and AES-256-CBC.
enum EncryptedPKCS8 {
    private static let cipher = Result { () throws(CryptoError) in try FetchedCipher("AES-256-CBC") }
    private static let pbes2 = OBJ_txt2nid("1.2.840.113549.1.5.13")
    private static let pbkdf2 = OBJ_txt2nid("1.2.840.113549.1.5.12")
    // ASN.1 universal tag of SEQUENCE, the parameter type of PBES2 and PBKDF2.
    private static let sequenceTag: Int32 = 16

    /// DER `EncryptedPrivateKeyInfo` of `key` under `passphrase`, with a fresh random salt and IV.
    static func encrypt(_ key: PKey, passphrase: UnsafeRawBufferPointer, iterations: Int) throws(CryptoError)
        -> [UInt8]
    {
        OpenSSLErrors.clear()
        guard let info = EVP_PKEY2PKCS8(key.pointer) else { throw CryptoError.backend("PKCS#8 conversion failed") }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        let password = passphrase.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer(StaticCString.der)
        guard
            let sealed = PKCS8_encrypt_ex(
                -1, try cipher.get().pointer, password, Int32(passphrase.count), nil, 0, Int32(iterations), info, nil,
                nil)
        else { throw CryptoError.backend("PKCS#8 encryption failed") }
        defer { X509_SIG_free(sealed) }
        guard let der = DERWriter.encode({ i2d_X509_SIG(sealed, $0) }) else {
            throw CryptoError.backend("i2d_X509_SIG failed")
        }
        return der
    }

    /// The key in a DER `EncryptedPrivateKeyInfo`: PBES2 with PBKDF2-HMAC-SHA-* through OpenSSL, or
    /// GmSSL's PBKDF2-HMAC-SM3/SM4-CBC through `ShangMiPKCS8`. Only PBES2 with PBKDF2 is accepted, with at most
    /// `maximumIterations` iterations, so a hostile file cannot make the caller spin. A wrong
    /// passphrase is the generic authentication failure. CBC is malleable, so corruption of the
    /// encrypted part is usually, not always, detected (by the padding or the DER of the result).
    static func decrypt(
        _ der: UnsafeRawBufferPointer, passphrase: UnsafeRawBufferPointer, maximumIterations: Int,
        algorithm: KeyAlgorithm
    ) throws(CryptoError) -> PKey {
        // GmSSL's PBKDF2-HMAC-SM3/SM4-CBC keys, which OpenSSL 3.0 cannot decrypt ("unsupported prf").
        let bytes = Array(der)
        if ShangMiPKCS8.isShangMi(bytes) {
            return try ShangMiPKCS8.openKey(
                bytes, passphrase: passphrase, maximumIterations: maximumIterations, algorithm: algorithm)
        }
        OpenSSLErrors.clear()
        var cursor = der.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard !der.isEmpty, der.count < 1 << 16, let sealed = d2i_X509_SIG(nil, &cursor, der.count) else {
            OpenSSLErrors.clear()
            throw CryptoError(.invalidEncoding, "not a PKCS#8 EncryptedPrivateKeyInfo")
        }
        defer { X509_SIG_free(sealed) }
        guard cursor == der.baseAddress!.assumingMemoryBound(to: UInt8.self) + der.count else {
            throw CryptoError(.invalidEncoding, "trailing bytes after the encrypted PKCS#8 key")
        }
        try checkIterations(sealed, maximum: maximumIterations)
        let password = passphrase.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer(StaticCString.der)
        guard let info = PKCS8_decrypt_ex(sealed, password, Int32(passphrase.count), nil, nil) else {
            OpenSSLErrors.clear()
            throw CryptoError.authenticationFailure
        }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        guard let pointer = EVP_PKCS82PKEY_ex(info, nil, nil) else {
            OpenSSLErrors.clear()
            throw CryptoError(.invalidEncoding, "the decrypted PKCS#8 key is malformed")
        }
        let key = PKey(taking: pointer, algorithm: algorithm, hasPrivateKey: true)
        // Re-import through the strict path to check the algorithm and curve.
        let plain = key.privateKeyDER()
        return try plain.withBytes { (bytes) throws(CryptoError) in try PKey.privateKey(der: bytes, algorithm) }
    }

    private static func checkIterations(_ sealed: OpaquePointer, maximum: Int) throws(CryptoError) {
        let unsupported = CryptoError(
            .invalidEncoding, "only PBES2 with PBKDF2 encrypted PKCS#8 keys are supported")
        var algorithm: UnsafePointer<X509_ALGOR>?
        X509_SIG_get0(sealed, &algorithm, nil)
        guard let algorithm, let scheme = parameters(algorithm, expecting: pbes2) else { throw unsupported }
        var cursor = scheme.data
        guard let pbe2 = d2i_PBE2PARAM(nil, &cursor, scheme.count) else {
            OpenSSLErrors.clear()
            throw unsupported
        }
        defer { PBE2PARAM_free(pbe2) }
        guard let keyFunction = pbe2.pointee.keyfunc, let kdf = parameters(keyFunction, expecting: pbkdf2) else {
            throw unsupported
        }
        var kdfCursor = kdf.data
        guard let kdfParameters = d2i_PBKDF2PARAM(nil, &kdfCursor, kdf.count) else {
            OpenSSLErrors.clear()
            throw unsupported
        }
        defer { PBKDF2PARAM_free(kdfParameters) }
        let iterations = ASN1_INTEGER_get(kdfParameters.pointee.iter)
        guard iterations >= 1, iterations <= maximum else {
            throw CryptoError(
                .limitExceeded,
                "the encrypted PKCS#8 key asks for \(iterations) PBKDF2 iterations; the limit is \(maximum)")
        }
    }

    /// The DER of an algorithm identifier's SEQUENCE parameters, if its OID is `nid`.
    private static func parameters(_ algorithm: UnsafePointer<X509_ALGOR>, expecting nid: Int32)
        -> (data: UnsafePointer<UInt8>?, count: Int)?
    {
        var object: OpaquePointer?
        var type: Int32 = 0
        var value: UnsafeRawPointer?
        X509_ALGOR_get0(&object, &type, &value, algorithm)
        guard let object, OBJ_obj2nid(object) == nid, type == sequenceTag, let value else { return nil }
        let string = value.assumingMemoryBound(to: ASN1_STRING.self)
        return (ASN1_STRING_get0_data(string), Int(ASN1_STRING_length(string)))
    }
}
