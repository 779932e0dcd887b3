import COpenSSL

/// A KDF through `EVP_KDF`: fetched once, one context kept, and each derivation handed the same
/// prepared parameter list. (`EVP_KDF_CTX_dup` fails for HKDF in 3.0, so there is no faster reuse.)
final class DirectKDF {
    private let kdf: OpaquePointer
    private let context: OpaquePointer
    private let parameters: CParameters
    private let output: UnsafeMutablePointer<UInt8>
    private let outputByteCount: Int

    init(_ name: String, parameters: CParameters, outputByteCount: Int) throws {
        guard let kdf = EVP_KDF_fetch(nil, name, nil) else { throw BenchError("EVP_KDF_fetch(\(name)) failed") }
        guard let context = EVP_KDF_CTX_new(kdf) else { fatalError("EVP_KDF_CTX_new: out of memory") }
        self.kdf = kdf
        self.context = context
        self.parameters = parameters
        self.outputByteCount = outputByteCount
        output = .allocate(capacity: outputByteCount)
    }

    deinit {
        EVP_KDF_CTX_free(context)
        EVP_KDF_free(kdf)
        output.deallocate()
    }

    /// Derives into the reused output buffer and returns its last byte.
    func derive() throws -> UInt8 {
        try BenchError.check(EVP_KDF_derive(context, output, outputByteCount, parameters.pointer), "EVP_KDF_derive")
        return output[outputByteCount - 1]
    }

    /// The whole output of a fresh derivation, for checking against WalletCrypto.
    func derivedKey() throws -> [UInt8] {
        _ = try derive()
        return Array(UnsafeBufferPointer(start: output, count: outputByteCount))
    }

    /// HKDF-SHA-256 over fixed inputs.
    static func hkdf(ikm: [UInt8], salt: [UInt8], info: [UInt8], outputByteCount: Int) throws -> DirectKDF {
        let parameters = CParameters(capacity: 4)
        parameters.utf8(OSSL_KDF_PARAM_DIGEST, "SHA2-256")
        parameters.octets(OSSL_KDF_PARAM_KEY, ikm)
        parameters.octets(OSSL_KDF_PARAM_SALT, salt)
        parameters.octets(OSSL_KDF_PARAM_INFO, info)
        return try DirectKDF("HKDF", parameters: parameters, outputByteCount: outputByteCount)
    }

    /// PBKDF2-HMAC-SHA-256 with SP 800-132 lower bounds off, as WalletCrypto sets them.
    static func pbkdf2(password: [UInt8], salt: [UInt8], iterations: Int, outputByteCount: Int) throws -> DirectKDF {
        let parameters = CParameters(capacity: 5)
        parameters.octets(OSSL_KDF_PARAM_PASSWORD, password)
        parameters.octets(OSSL_KDF_PARAM_SALT, salt)
        parameters.uint64(OSSL_KDF_PARAM_ITER, UInt64(iterations))
        parameters.int32(OSSL_KDF_PARAM_PKCS5, 1)
        parameters.utf8(OSSL_KDF_PARAM_DIGEST, "SHA2-256")
        return try DirectKDF("PBKDF2", parameters: parameters, outputByteCount: outputByteCount)
    }

    /// scrypt with the same memory limit WalletCrypto passes.
    static func scrypt(
        password: [UInt8], salt: [UInt8], n: Int, r: Int, p: Int, maxMemory: Int, outputByteCount: Int
    ) throws -> DirectKDF {
        let parameters = CParameters(capacity: 6)
        parameters.octets(OSSL_KDF_PARAM_PASSWORD, password)
        parameters.octets(OSSL_KDF_PARAM_SALT, salt)
        parameters.uint64(OSSL_KDF_PARAM_SCRYPT_N, UInt64(n))
        parameters.uint32(OSSL_KDF_PARAM_SCRYPT_R, UInt32(r))
        parameters.uint32(OSSL_KDF_PARAM_SCRYPT_P, UInt32(p))
        parameters.uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, UInt64(maxMemory))
        return try DirectKDF("SCRYPT", parameters: parameters, outputByteCount: outputByteCount)
    }
}
