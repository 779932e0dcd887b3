internal import COpenSSL

private let pbkdf2Algorithm = Result { () throws(CryptoError) in try FetchedKDF("PBKDF2") }
private let scryptAlgorithm = Result { () throws(CryptoError) in try FetchedKDF("SCRYPT") }

/// Password-based KDFs through `EVP_KDF`, with their parameters passed as `OSSL_PARAM`s.
enum KDFEngine {
    /// Throws when PBKDF2 or scrypt is missing from the loaded libcrypto.
    static func checkAvailable() throws(CryptoError) {
        _ = try pbkdf2Algorithm.get()
        _ = try scryptAlgorithm.get()
        _ = try MACTemplate.algorithm.get()
    }

    /// PBKDF2 (RFC 8018) with HMAC over `digest`. OpenSSL's SP 800-132 lower bounds are switched off
    /// (`pkcs5` = 1) because callers such as BIP-39 and RFC 6070 use small counts; the public API
    /// documents the choice.
    static func pbkdf2(
        digest: DigestAlgorithm, password: UnsafeRawBufferPointer, salt: UnsafeRawBufferPointer,
        iterations: UInt64, count: Int
    ) throws(CryptoError) -> SecureBytes {
        let parameters = ParameterList()
        parameters.octets(OSSL_KDF_PARAM_PASSWORD, password)
        parameters.octets(OSSL_KDF_PARAM_SALT, salt)
        parameters.uint64(OSSL_KDF_PARAM_ITER, iterations)
        parameters.int32(OSSL_KDF_PARAM_PKCS5, 1)
        parameters.utf8(OSSL_KDF_PARAM_DIGEST, digest.backend.digest.name)
        return try derive(pbkdf2Algorithm, count: count, parameters)
    }

    /// scrypt (RFC 7914); `maxMemory` is handed to OpenSSL as its own hard limit too.
    static func scrypt(
        password: UnsafeRawBufferPointer, salt: UnsafeRawBufferPointer,
        n: UInt64, r: UInt32, p: UInt32, maxMemory: UInt64, count: Int
    ) throws(CryptoError) -> SecureBytes {
        let parameters = ParameterList()
        parameters.octets(OSSL_KDF_PARAM_PASSWORD, password)
        parameters.octets(OSSL_KDF_PARAM_SALT, salt)
        parameters.uint64(OSSL_KDF_PARAM_SCRYPT_N, n)
        parameters.uint32(OSSL_KDF_PARAM_SCRYPT_R, r)
        parameters.uint32(OSSL_KDF_PARAM_SCRYPT_P, p)
        parameters.uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, maxMemory)
        return try derive(scryptAlgorithm, count: count, parameters)
    }

    private static func derive(
        _ algorithm: Result<FetchedKDF, CryptoError>, count: Int, _ parameters: ParameterList
    ) throws(CryptoError) -> SecureBytes {
        let kdf = try algorithm.get()
        guard let context = EVP_KDF_CTX_new(kdf.pointer) else { fatalError("EVP_KDF_CTX_new: out of memory") }
        defer { EVP_KDF_CTX_free(context) }
        OpenSSLErrors.clear()
        var ok = false
        let output = SecureBytes(unsafeUninitializedCount: count) { buffer in
            ok = parameters.withParameters { params in
                EVP_KDF_derive(context, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), count, params) == 1
            }
        }
        guard ok else { throw CryptoError.backend("key derivation failed") }
        return output
    }
}
