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
        var iterations = iterations
        var pkcs5: Int32 = 1
        return try derive(
                pbkdf2Algorithm, count: count,
                [
                    octets(OSSL_KDF_PARAM_PASSWORD, password),
                    octets(OSSL_KDF_PARAM_SALT, salt),
                    OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &iterations),
                    OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5),
                    OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest.backend.digest.name, 0),
                ])
    }

    /// scrypt (RFC 7914); `maxMemory` is handed to OpenSSL as its own hard limit too.
    static func scrypt(
        password: UnsafeRawBufferPointer, salt: UnsafeRawBufferPointer,
        n: UInt64, r: UInt32, p: UInt32, maxMemory: UInt64, count: Int
    ) throws(CryptoError) -> SecureBytes {
        var n = n
        var r = r
        var p = p
        var maxMemory = maxMemory
        return try derive(
            scryptAlgorithm, count: count,
            [
                octets(OSSL_KDF_PARAM_PASSWORD, password),
                octets(OSSL_KDF_PARAM_SALT, salt),
                OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
                OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
                OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
                OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxMemory),
            ])
    }

    /// The parameters point into the caller's buffers and locals, which outlive this call.
    private static func derive(
        _ algorithm: Result<FetchedKDF, CryptoError>, count: Int, _ parameters: [OSSL_PARAM]
    ) throws(CryptoError) -> SecureBytes {
        let kdf = try algorithm.get()
        guard let context = EVP_KDF_CTX_new(kdf.pointer) else { fatalError("EVP_KDF_CTX_new: out of memory") }
        defer { EVP_KDF_CTX_free(context) }
        var parameters = parameters
        parameters.append(OSSL_PARAM_construct_end())
        OpenSSLErrors.clear()
        var ok = false
        let output = SecureBytes(unsafeUninitializedCount: count) { buffer in
            ok = EVP_KDF_derive(context, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), count, &parameters) == 1
        }
        guard ok else { throw CryptoError.backend("key derivation failed") }
        return output
    }

    // Never written: OpenSSL copies octet parameters and reads zero bytes from this one.
    nonisolated(unsafe) private static let emptyOctets: UnsafeMutableRawPointer = .allocate(byteCount: 1, alignment: 1)

    /// An octet-string parameter; an empty buffer still gets a valid pointer.
    private static func octets(_ key: UnsafePointer<CChar>, _ bytes: UnsafeRawBufferPointer) -> OSSL_PARAM {
        OSSL_PARAM_construct_octet_string(key, UnsafeMutableRawPointer(mutating: bytes.baseAddress) ?? emptyOctets, bytes.count)
    }
}
