internal import COpenSSL

/// AES-GCM and ChaCha20-Poly1305 seal/open on `EVP_CIPHER_CTX`s cached per key.
///
/// A cached context is keyed once; each call only sets the nonce and direction, which is how
/// `openssl speed -evp` drives AEADs; keying a new context per message measured 0.43x of that.
/// GCM with a nonce other than 12 bytes goes to `NonStandardGCM`.
enum AEADEngine {
    /// OpenSSL's update functions take `int` lengths, so inputs go in chunks below 2^31.
    private static let chunk = 1 << 30

    static func seal(
        _ algorithm: AEADAlgorithm, key: SymmetricKey, nonce: UnsafeRawBufferPointer,
        message: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) throws {
        if nonce.count != AEADAlgorithm.nonceByteCount {
            return try NonStandardGCM.seal(key: key, nonce: nonce, message: message, aad: aad, output: output)
        }
        let context = try prepare(algorithm, key: key, nonce: nonce, encrypt: true)
        guard process(context, aad: aad, input: message, output: output.baseAddress),
            finish(context, output: output.baseAddress.map { $0 + message.count }),
            EVP_CIPHER_CTX_ctrl(
                context, EVP_CTRL_AEAD_GET_TAG, Int32(AEADAlgorithm.tagByteCount), output.baseAddress! + message.count)
                == 1
        else {
            key.aeadContexts.discard(context)
            throw CryptoError.backend("\(algorithm) encryption failed")
        }
        key.aeadContexts.put(context)
    }

    static func open(
        _ algorithm: AEADAlgorithm, key: SymmetricKey, nonce: UnsafeRawBufferPointer,
        ciphertext: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer
    ) throws -> [UInt8] {
        if nonce.count != AEADAlgorithm.nonceByteCount {
            return try NonStandardGCM.open(key: key, nonce: nonce, ciphertext: ciphertext, tag: tag, aad: aad)
        }
        let context = try prepare(algorithm, key: key, nonce: nonce, encrypt: false)
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
        key.aeadContexts.put(context)
        return plaintext
    }

    /// A context keyed for `key` with the 12-byte `nonce` set: the key's cached one when possible.
    private static func prepare(
        _ algorithm: AEADAlgorithm, key: SymmetricKey, nonce: UnsafeRawBufferPointer, encrypt: Bool
    ) throws(CryptoError) -> OpaquePointer {
        let cipher = try CipherRegistry.aead(algorithm, keyByteCount: key.byteCount)
        let direction: Int32 = encrypt ? 1 : 0
        let noncePointer = nonce.baseAddress?.assumingMemoryBound(to: UInt8.self)
        OpenSSLErrors.clear()
        if let cached = key.aeadContexts.take() {
            if EVP_CIPHER_CTX_get0_cipher(cached) == cipher.pointer,
                EVP_CipherInit_ex2(cached, nil, nil, noncePointer, direction, nil) == 1
            {
                return cached
            }
            key.aeadContexts.discard(cached)
        }
        guard let context = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new: out of memory") }
        let ok = key.withUnsafeBytes { keyBytes in
            EVP_CipherInit_ex2(
                context, cipher.pointer, keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), noncePointer,
                direction, nil) == 1
        }
        guard ok else {
            EVP_CIPHER_CTX_free(context)
            throw CryptoError.backend("\(algorithm) initialisation failed")
        }
        return context
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
}
