internal import COpenSSL

/// SM4-GCM and SM4-CCM (RFC 8998) on OpenSSL's own GCM and CCM modes (`CRYPTO_gcm128_*`,
/// `CRYPTO_ccm128_*`) driven by OpenSSL's SM4.
///
/// OpenSSL 3.0 has SM4 only in ECB, CBC, CFB, OFB and CTR. GCM and CCM are OpenSSL's mode code with
/// SM4 as the block function: GHASH, the CBC-MAC, the counter and length formatting and the tag
/// comparison are all OpenSSL's. The GCM payload goes through `EVP` SM4-CTR in runs of blocks
/// (`CRYPTO_gcm128_encrypt_ctr32`), so a 16 KiB message costs a handful of EVP calls, not one per
/// block. GCM increments only the low 32 bits of its counter while SM4-CTR carries into all 128;
/// with 12-byte nonces the counter starts at 2 and OpenSSL caps a message at 2^32 − 2 blocks, so
/// the two never differ.
///
/// Each key caches one state (two keyed `EVP_CIPHER_CTX`s and the GCM context holding H) in its
/// `ContextSlot`, lent to one caller at a time like the AES contexts.
enum SM4AEADEngine {
    /// The cached per-key state; OpenSSL's mode code receives its address as the "key".
    private struct State {
        /// SM4-ECB without padding: the block function.
        let ecb: OpaquePointer
        /// SM4-CTR: the GCM payload stream.
        let ctr: OpaquePointer
        /// `GCM128_CONTEXT` (GCM) or nil.
        var gcm: OpaquePointer?
        /// Storage for a `CCM128_CONTEXT` (CCM) or nil.
        var ccm: UnsafeMutableRawPointer?
    }

    /// `CCM128_CONTEXT` is declared in modes.h but has no allocator, so callers provide its memory.
    /// It is 56 bytes in OpenSSL 3.x (two 16-byte blocks, a counter, two pointers); this reserves
    /// far more so a larger future layout still fits.
    private static let ccmContextByteCount = 256

    /// Whether a `ContextSlot` tag is one of this engine's states.
    static func ownsTag(_ tag: UInt) -> Bool {
        tag == AEADAlgorithm.sm4GCM.cacheTag || tag == AEADAlgorithm.sm4CCM.cacheTag
    }

    /// Frees a state made by `makeState`, cleansing its key schedules.
    static func free(_ pointer: OpaquePointer) {
        let state = UnsafeMutablePointer<State>(pointer)
        if let gcm = state.pointee.gcm { CRYPTO_gcm128_release(gcm) }
        if let ccm = state.pointee.ccm {
            SecureMemory.cleanse(ccm, count: ccmContextByteCount)
            ccm.deallocate()
        }
        EVP_CIPHER_CTX_free(state.pointee.ecb)
        EVP_CIPHER_CTX_free(state.pointee.ctr)
        state.deinitialize(count: 1)
        UnsafeMutableRawPointer(state).deallocate()
    }

    /// One SM4 block with the state's ECB context.
    private static let encryptBlock: block128_f = { input, output, key in
        let state = key!.assumingMemoryBound(to: State.self)
        var written: Int32 = 0
        _ = EVP_EncryptUpdate(state.pointee.ecb, output, &written, input, 16)
    }

    /// SM4-CTR over `blocks` blocks from the counter block `counter`.
    private static let ctrStream: ctr128_f = { input, output, blocks, key, counter in
        let state = key!.assumingMemoryBound(to: State.self)
        let context = state.pointee.ctr
        _ = EVP_EncryptInit_ex2(context, nil, nil, counter, nil)
        var offset = 0
        let total = blocks * 16
        while offset < total {
            let n = min(1 << 30, total - offset)
            var written: Int32 = 0
            _ = EVP_EncryptUpdate(context, output! + offset, &written, input! + offset, Int32(n))
            offset += n
        }
    }

    /// Writes ciphertext ‖ tag, `message.count + 16` bytes, to `output`.
    static func seal(
        _ algorithm: AEADAlgorithm, key: SymmetricKey, nonce: UnsafeRawBufferPointer,
        message: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) throws {
        try checkNonce(algorithm, nonce)
        let state = try take(algorithm, key: key)
        defer { key.aeadContexts.put(OpaquePointer(state), tag: algorithm.cacheTag) }
        let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let tag = out + message.count
        let sealed: Bool
        if let gcm = state.pointee.gcm {
            sealed =
                startGCM(gcm, nonce: nonce, aad: aad)
                && CRYPTO_gcm128_encrypt_ctr32(gcm, bytes(message), out, message.count, ctrStream) == 0
            if sealed { CRYPTO_gcm128_tag(gcm, tag, AEADAlgorithm.tagByteCount) }
        } else {
            let ccm = try startCCM(state, nonce: nonce, aad: aad, messageCount: message.count)
            sealed =
                CRYPTO_ccm128_encrypt(ccm, bytes(message) ?? UnsafePointer(tag), out, message.count) == 0
                && CRYPTO_ccm128_tag(ccm, tag, AEADAlgorithm.tagByteCount) == AEADAlgorithm.tagByteCount
        }
        guard sealed else {
            SecureMemory.cleanse(out, count: output.count)
            throw CryptoError(.invalidParameter, "\(algorithm) cannot seal this much data with one nonce")
        }
    }

    /// Writes the plaintext, `ciphertext.count` bytes, to `output` if the tag verifies, and wipes
    /// `output` otherwise.
    static func open(
        _ algorithm: AEADAlgorithm, key: SymmetricKey, nonce: UnsafeRawBufferPointer,
        ciphertext: UnsafeRawBufferPointer, tag: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer,
        output: UnsafeMutableRawBufferPointer
    ) throws {
        // Only full 16-byte tags are compared: a short tag must never get as far as a comparison.
        guard tag.count == AEADAlgorithm.tagByteCount, nonce.count == AEADAlgorithm.nonceByteCount else {
            throw CryptoError.authenticationFailure
        }
        let state = try take(algorithm, key: key)
        defer { key.aeadContexts.put(OpaquePointer(state), tag: algorithm.cacheTag) }
        let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var authentic: Bool
        if let gcm = state.pointee.gcm {
            authentic =
                startGCM(gcm, nonce: nonce, aad: aad)
                && CRYPTO_gcm128_decrypt_ctr32(gcm, bytes(ciphertext), out, ciphertext.count, ctrStream) == 0
                && CRYPTO_gcm128_finish(gcm, bytes(tag), tag.count) == 0
        } else {
            var computed = [UInt8](repeating: 0, count: AEADAlgorithm.tagByteCount)
            authentic = false
            if let ccm = try? startCCM(state, nonce: nonce, aad: aad, messageCount: ciphertext.count) {
                authentic = computed.withUnsafeMutableBufferPointer { computedTag in
                    CRYPTO_ccm128_decrypt(
                        ccm, bytes(ciphertext) ?? UnsafePointer(computedTag.baseAddress!), out, ciphertext.count)
                        == 0
                        && CRYPTO_ccm128_tag(ccm, computedTag.baseAddress, AEADAlgorithm.tagByteCount)
                            == AEADAlgorithm.tagByteCount
                        && ConstantTime.equals(UnsafeRawBufferPointer(computedTag), tag)
                }
            }
        }
        guard authentic else {
            // Unauthenticated plaintext never leaves this function.
            if let out { SecureMemory.cleanse(out, count: ciphertext.count) }
            throw CryptoError.authenticationFailure
        }
    }

    private static func checkNonce(_ algorithm: AEADAlgorithm, _ nonce: UnsafeRawBufferPointer) throws(CryptoError) {
        guard nonce.count == AEADAlgorithm.nonceByteCount else {
            throw CryptoError(
                .invalidParameter,
                "\(algorithm) nonces are \(AEADAlgorithm.nonceByteCount) bytes (RFC 8998), got \(nonce.count)")
        }
    }

    /// Starts a GCM message: the 12-byte nonce, then the associated data (false when it is too long).
    private static func startGCM(_ gcm: OpaquePointer, nonce: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer)
        -> Bool
    {
        CRYPTO_gcm128_setiv(gcm, bytes(nonce), nonce.count)
        return aad.isEmpty || CRYPTO_gcm128_aad(gcm, bytes(aad), aad.count) == 0
    }

    /// Starts a CCM message: M = 16-byte tag, L = 3 (15 − 12-byte nonce), as RFC 8998 fixes.
    private static func startCCM(
        _ state: UnsafeMutablePointer<State>, nonce: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer,
        messageCount: Int
    ) throws(CryptoError) -> OpaquePointer {
        let ccm = OpaquePointer(state.pointee.ccm!)
        CRYPTO_ccm128_init(ccm, UInt32(AEADAlgorithm.tagByteCount), 3, UnsafeMutableRawPointer(state), encryptBlock)
        guard CRYPTO_ccm128_setiv(ccm, bytes(nonce), nonce.count, messageCount) == 0 else {
            throw CryptoError(
                .invalidParameter, "SM4-CCM with 12-byte nonces takes at most 2^24 - 1 bytes, got \(messageCount)")
        }
        if !aad.isEmpty { CRYPTO_ccm128_aad(ccm, bytes(aad), aad.count) }
        return ccm
    }

    /// The key's cached state for `algorithm`, or a new one.
    private static func take(_ algorithm: AEADAlgorithm, key: SymmetricKey) throws(CryptoError)
        -> UnsafeMutablePointer<State>
    {
        if let cached = key.aeadContexts.take(tag: algorithm.cacheTag) { return UnsafeMutablePointer(cached) }
        return try makeState(algorithm, key: key)
    }

    private static func makeState(_ algorithm: AEADAlgorithm, key: SymmetricKey) throws(CryptoError)
        -> UnsafeMutablePointer<State>
    {
        guard key.byteCount == 16 else {
            throw CryptoError(.invalidParameter, "\(algorithm) needs a key of 128 bits, got \(key.byteCount * 8)")
        }
        OpenSSLErrors.clear()
        let ecbCipher = try CipherRegistry.sm4(.ecb)
        let ctrCipher = try CipherRegistry.sm4(.ctr)
        guard let ecb = EVP_CIPHER_CTX_new(), let ctr = EVP_CIPHER_CTX_new() else {
            fatalError("EVP_CIPHER_CTX_new: out of memory")
        }
        let keyed = key.withUnsafeBytes { raw in
            let keyBytes = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
            return EVP_EncryptInit_ex2(ecb, ecbCipher.pointer, keyBytes, nil, nil) == 1
                && EVP_CIPHER_CTX_set_padding(ecb, 0) == 1
                && EVP_EncryptInit_ex2(ctr, ctrCipher.pointer, keyBytes, nil, nil) == 1
        }
        guard keyed else {
            EVP_CIPHER_CTX_free(ecb)
            EVP_CIPHER_CTX_free(ctr)
            throw CryptoError.backend("SM4 initialisation failed")
        }
        // 16-byte alignment leaves the low bits free for the ContextSlot tag.
        let raw = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<State>.stride, alignment: 16)
        let state = raw.bindMemory(to: State.self, capacity: 1)
        state.initialize(to: State(ecb: ecb, ctr: ctr, gcm: nil, ccm: nil))
        if algorithm.id == .sm4GCM {
            // Computes H = SM4(K, 0^128) through the block function, so the state must exist first.
            guard let gcm = CRYPTO_gcm128_new(raw, encryptBlock) else { fatalError("CRYPTO_gcm128_new: out of memory") }
            state.pointee.gcm = gcm
        } else {
            let ccm = UnsafeMutableRawPointer.allocate(byteCount: ccmContextByteCount, alignment: 16)
            ccm.initializeMemory(as: UInt8.self, repeating: 0, count: ccmContextByteCount)
            state.pointee.ccm = ccm
        }
        return state
    }

    private static func bytes(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8>? {
        buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
    }
}
