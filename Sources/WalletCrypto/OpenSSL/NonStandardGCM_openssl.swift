internal import COpenSSL

/// AES-GCM with a nonce other than 12 bytes, on OpenSSL's own GCM (`CRYPTO_gcm128_*`).
///
/// The EVP GCM ciphers refuse nonces above 128 bytes, but SP 800-38D allows any length from 1 bit,
/// and interop vectors use them. OpenSSL's `CRYPTO_gcm128` API does the GHASH of a long nonce; its
/// block function is AES-ECB through EVP. Nothing of GCM is reimplemented here. This path is slow
/// (one EVP call per block) and exists for interoperability only.
enum NonStandardGCM {
    /// Encrypts one AES block with the `EVP_CIPHER_CTX` passed as GCM's "key".
    private static let encryptBlock: block128_f = { input, output, context in
        var written: Int32 = 0
        _ = EVP_EncryptUpdate(OpaquePointer(context), output, &written, input, 16)
    }

    static func seal(
        key: SymmetricKey, nonce: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer,
        aad: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) throws {
        try withGCM(key: key, nonce: nonce, aad: aad) { gcm in
            let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            guard message.isEmpty || CRYPTO_gcm128_encrypt(gcm, bytes(message), out, message.count) == 0 else {
                throw CryptoError.backend("AES-GCM encryption failed")
            }
            CRYPTO_gcm128_tag(gcm, out + message.count, AEADAlgorithm.tagByteCount)
        }
    }

    static func open(
        key: SymmetricKey, nonce: UnsafeRawBufferPointer, ciphertext: UnsafeRawBufferPointer,
        tag: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) throws {
        // CRYPTO_gcm128_finish compares only tag.count bytes; a short tag must never get that far.
        guard tag.count == AEADAlgorithm.tagByteCount else { throw CryptoError.authenticationFailure }
        try withGCM(key: key, nonce: nonce, aad: aad) { gcm in
            let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
            let authentic =
                (ciphertext.isEmpty || CRYPTO_gcm128_decrypt(gcm, bytes(ciphertext), out, ciphertext.count) == 0)
                && CRYPTO_gcm128_finish(gcm, bytes(tag), tag.count) == 0
            guard authentic else {
                if let out { SecureMemory.cleanse(out, count: ciphertext.count) }
                throw CryptoError.authenticationFailure
            }
        }
    }

    private static func bytes(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8>? {
        buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
    }

    private static func withGCM<R>(
        key: SymmetricKey, nonce: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer,
        _ body: (OpaquePointer) throws -> R
    ) throws -> R {
        let cipher = try CipherRegistry.aesBlock(keyByteCount: key.byteCount)
        guard let block = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new: out of memory") }
        defer { EVP_CIPHER_CTX_free(block) }
        OpenSSLErrors.clear()
        let keyed = key.withUnsafeBytes {
            EVP_EncryptInit_ex2(block, cipher.pointer, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), nil, nil)
                == 1
        }
        guard keyed, EVP_CIPHER_CTX_set_padding(block, 0) == 1 else {
            throw CryptoError.backend("AES initialisation failed")
        }
        guard let gcm = CRYPTO_gcm128_new(UnsafeMutableRawPointer(block), encryptBlock) else {
            fatalError("CRYPTO_gcm128_new: out of memory")
        }
        defer { CRYPTO_gcm128_release(gcm) }
        CRYPTO_gcm128_setiv(gcm, bytes(nonce), nonce.count)
        guard aad.isEmpty || CRYPTO_gcm128_aad(gcm, bytes(aad), aad.count) == 0 else {
            throw CryptoError.backend("AES-GCM associated data failed")
        }
        return try body(gcm)
    }
}
