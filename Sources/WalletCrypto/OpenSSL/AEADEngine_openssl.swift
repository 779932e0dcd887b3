internal import COpenSSL

/// AES-GCM and ChaCha20-Poly1305 seal/open (SM4 goes to `SM4AEADEngine`) on `EVP_CIPHER_CTX`s cached per key.
///
/// A cached context is keyed once; each call only sets the nonce and direction, which is how
/// `openssl speed -evp` drives AEADs; keying a new context per message measured 0.43x of that.
/// GCM with a nonce other than 12 bytes goes to `NonStandardGCM`.
@usableFromInline
enum AEADEngine {
    /// OpenSSL's update functions take `int` lengths, so inputs go in chunks below 2^31.
    private static let chunk = 1 << 30

    /// Writes ciphertext ‖ tag, `message.count + 16` bytes, to `output`.
    @usableFromInline
    static func seal(
        _ algorithm: AEADAlgorithm, key: SymmetricKey, nonce: UnsafeRawBufferPointer,
        message: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) throws {
        if algorithm.isSM4 {
            return try SM4AEADEngine.seal(algorithm, key: key, nonce: nonce, message: message, aad: aad, output: output)
        }
        if nonce.count != AEADAlgorithm.nonceByteCount {
            return try NonStandardGCM.seal(key: key, nonce: nonce, message: message, aad: aad, output: output)
        }
        let context = try prepare(algorithm, key: key, nonce: nonce, encrypt: true, tag: nil)
        let tag = output.baseAddress! + message.count
        guard process(context, aad: aad, input: message, output: output.baseAddress),
            finish(context, output: tag),
            withTagParameter(tag, { EVP_CIPHER_CTX_get_params(context, $0) }) == 1
        else {
            key.aeadContexts.discard(context)
            throw CryptoError.backend("\(algorithm) encryption failed")
        }
        key.aeadContexts.put(context, tag: algorithm.cacheTag)
    }

    /// Writes the plaintext, `ciphertext.count` bytes, to `output` if the tag verifies, and wipes
    /// `output` otherwise.
    @usableFromInline
    static func open(
        _ algorithm: AEADAlgorithm, key: SymmetricKey, nonce: UnsafeRawBufferPointer,
        ciphertext: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer,
        output: UnsafeMutableRawBufferPointer
    ) throws {
        if algorithm.isSM4 {
            return try SM4AEADEngine.open(
                algorithm, key: key, nonce: nonce, ciphertext: ciphertext, tag: tag, aad: aad, output: output)
        }
        if nonce.count != AEADAlgorithm.nonceByteCount {
            return try NonStandardGCM.open(
                key: key, nonce: nonce, ciphertext: ciphertext, tag: tag, aad: aad, output: output)
        }
        let context = try prepare(
            algorithm, key: key, nonce: nonce, encrypt: false, tag: UnsafeMutableRawPointer(mutating: tag.baseAddress))
        let out = output.baseAddress
        let authentic =
            process(context, aad: aad, input: ciphertext, output: out)
            && finish(context, output: out.map { $0 + ciphertext.count })
        guard authentic else {
            // Unauthenticated plaintext never leaves this function.
            if let out { SecureMemory.cleanse(out, count: ciphertext.count) }
            key.aeadContexts.discard(context)
            OpenSSLErrors.clear()
            throw CryptoError.authenticationFailure
        }
        key.aeadContexts.put(context, tag: algorithm.cacheTag)
    }

    /// The `OSSL_PARAM` key of the AEAD tag, at a fixed address because OpenSSL keeps the pointer.
    nonisolated(unsafe) private static let tagKey: UnsafePointer<CChar> = {
        let bytes = Array(OSSL_CIPHER_PARAM_AEAD_TAG.utf8CString)
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        pointer.initialize(from: bytes, count: bytes.count)
        return UnsafePointer(pointer)
    }()

    /// Lends a stack `OSSL_PARAM` array naming the 16-byte tag at `tag`, or NULL for no tag.
    ///
    /// Passing the tag as a parameter skips `EVP_CIPHER_CTX_ctrl`, which builds the same parameter
    /// behind a dispatch switch and cost 9% of a 64-byte open.
    private static func withTagParameter(
        _ tag: UnsafeMutableRawPointer?, _ body: (UnsafeMutablePointer<OSSL_PARAM>?) -> Int32
    ) -> Int32 {
        guard let tag else { return body(nil) }
        return withUnsafeTemporaryAllocation(of: OSSL_PARAM.self, capacity: 2) { parameters in
            parameters[0] = OSSL_PARAM_construct_octet_string(tagKey, tag, AEADAlgorithm.tagByteCount)
            parameters[1] = OSSL_PARAM_construct_end()
            return body(parameters.baseAddress)
        }
    }

    /// A context keyed for `key` with the 12-byte `nonce` (and, to decrypt, the expected `tag`) set:
    /// the key's cached one when possible.
    ///
    /// The error queue is not cleared first on this path: a peek alone costs ~18 ns, a tenth of a
    /// 64-byte seal, and the only message it would improve is that of an internal OpenSSL failure.
    private static func prepare(
        _ algorithm: AEADAlgorithm, key: SymmetricKey, nonce: UnsafeRawBufferPointer, encrypt: Bool,
        tag: UnsafeMutableRawPointer?
    ) throws(CryptoError) -> OpaquePointer {
        let direction: Int32 = encrypt ? 1 : 0
        let noncePointer = nonce.baseAddress?.assumingMemoryBound(to: UInt8.self)
        if let cached = key.aeadContexts.take(tag: algorithm.cacheTag) {
            let ready = withTagParameter(tag) { EVP_CipherInit_ex2(cached, nil, nil, noncePointer, direction, $0) }
            guard ready == 1 else {
                key.aeadContexts.discard(cached)
                throw CryptoError.backend("\(algorithm) initialisation failed")
            }
            return cached
        }
        let cipher = try CipherRegistry.aead(algorithm, keyByteCount: key.byteCount)
        guard let context = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new: out of memory") }
        let ok = key.withUnsafeBytes { keyBytes in
            withTagParameter(tag) {
                EVP_CipherInit_ex2(
                    context, cipher.pointer, keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), noncePointer,
                    direction, $0)
            } == 1
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

extension AEADAlgorithm {
    /// The `ContextSlot` tag of a context keyed for this algorithm; `SM4AEADEngine` owns 3 and 4.
    var cacheTag: UInt {
        switch id {
        case .aesGCM: 1
        case .chaChaPoly: 2
        case .sm4GCM: 3
        case .sm4CCM: 4
        }
    }
}
