import COpenSSL

/// AES-GCM or ChaCha20-Poly1305 the way `openssl speed -evp` drives them: the cipher fetched once, one
/// keyed context per direction, and per message only `EVP_*Init_ex2(ctx, NULL, NULL, iv, NULL)`, the
/// update, the final and the tag. Output goes to buffers allocated once. The tag travels as an
/// `OSSL_PARAM` (given to the decrypt init, read with `EVP_CIPHER_CTX_get_params`), which is cheaper
/// than `EVP_CIPHER_CTX_ctrl` and is what WalletCrypto does, so neither side has the easier path.
final class DirectAEAD {
    static let tagByteCount = 16
    static let nonceByteCount = 12

    private let cipher: OpaquePointer
    private let sealContext: OpaquePointer
    private let openContext: OpaquePointer
    private let capacity: Int
    /// nonce ‖ ciphertext ‖ tag, laid out like WalletCrypto's sealed box.
    private let sealed: UnsafeMutablePointer<UInt8>
    private let opened: UnsafeMutablePointer<UInt8>
    /// The parameter name at a fixed address: OpenSSL keeps the pointer.
    private let tagKey = strdup(OSSL_CIPHER_PARAM_AEAD_TAG)!
    private let tagParameters = UnsafeMutablePointer<OSSL_PARAM>.allocate(capacity: 2)

    /// `capacity` is the longest message that will be sealed or opened.
    init(_ name: String, key: [UInt8], nonce: [UInt8], capacity: Int) throws {
        guard let cipher = EVP_CIPHER_fetch(nil, name, nil) else {
            throw BenchError("EVP_CIPHER_fetch(\(name)) failed")
        }
        guard let sealContext = EVP_CIPHER_CTX_new(), let openContext = EVP_CIPHER_CTX_new() else {
            fatalError("EVP_CIPHER_CTX_new: out of memory")
        }
        self.cipher = cipher
        self.sealContext = sealContext
        self.openContext = openContext
        self.capacity = capacity
        sealed = .allocate(capacity: DirectAEAD.nonceByteCount + capacity + DirectAEAD.tagByteCount)
        opened = .allocate(capacity: max(capacity, 1))
        precondition(nonce.count == DirectAEAD.nonceByteCount)
        sealed.update(from: nonce, count: nonce.count)
        try BenchError.check(EVP_EncryptInit_ex2(sealContext, cipher, key, nil, nil), "EVP_EncryptInit_ex2")
        try BenchError.check(EVP_DecryptInit_ex2(openContext, cipher, key, nil, nil), "EVP_DecryptInit_ex2")
    }

    deinit {
        EVP_CIPHER_CTX_free(sealContext)
        EVP_CIPHER_CTX_free(openContext)
        EVP_CIPHER_free(cipher)
        sealed.deallocate()
        opened.deallocate()
        tagParameters.deallocate()
        free(tagKey)
    }

    /// The stack of two parameters naming the 16-byte tag at `tag`.
    private func tagParameter(_ tag: UnsafeMutableRawPointer) -> UnsafeMutablePointer<OSSL_PARAM> {
        tagParameters[0] = OSSL_PARAM_construct_octet_string(tagKey, tag, DirectAEAD.tagByteCount)
        tagParameters[1] = OSSL_PARAM_construct_end()
        return tagParameters
    }

    /// Keys both contexts again, as a protocol with a fresh key per operation (HPKE) must.
    func rekey(_ key: [UInt8]) throws {
        try BenchError.check(EVP_EncryptInit_ex2(sealContext, nil, key, nil, nil), "EVP_EncryptInit_ex2")
        try BenchError.check(EVP_DecryptInit_ex2(openContext, nil, key, nil, nil), "EVP_DecryptInit_ex2")
    }

    /// Seals `message` under the fixed nonce; returns the last tag byte.
    func seal(_ message: UnsafeRawBufferPointer) throws -> UInt8 {
        precondition(message.count <= capacity)
        let nonce = sealed
        let ciphertext = sealed + DirectAEAD.nonceByteCount
        var length: Int32 = 0
        try BenchError.check(EVP_EncryptInit_ex2(sealContext, nil, nil, nonce, nil), "EVP_EncryptInit_ex2")
        try BenchError.check(
            EVP_EncryptUpdate(
                sealContext, ciphertext, &length, message.baseAddress?.assumingMemoryBound(to: UInt8.self),
                Int32(message.count)),
            "EVP_EncryptUpdate")
        try BenchError.check(EVP_EncryptFinal_ex(sealContext, ciphertext + Int(length), &length), "EVP_EncryptFinal_ex")
        let tag = ciphertext + message.count
        try BenchError.check(EVP_CIPHER_CTX_get_params(sealContext, tagParameter(tag)), "EVP_CIPHER_CTX_get_params")
        return tag[DirectAEAD.tagByteCount - 1]
    }

    /// Draws a fresh nonce with `RAND_bytes`, as WalletCrypto's default does, then seals.
    func sealWithRandomNonce(_ message: UnsafeRawBufferPointer) throws -> UInt8 {
        try BenchError.check(RAND_bytes(sealed, Int32(DirectAEAD.nonceByteCount)), "RAND_bytes")
        return try seal(message)
    }

    /// nonce ‖ ciphertext ‖ tag of the last seal of a `messageByteCount`-byte message.
    func sealedBox(messageByteCount: Int) -> [UInt8] {
        Array(
            UnsafeBufferPointer(
                start: sealed, count: DirectAEAD.nonceByteCount + messageByteCount + DirectAEAD.tagByteCount))
    }

    /// Verifies and decrypts nonce ‖ ciphertext ‖ tag; returns the last plaintext byte.
    func open(_ box: UnsafeRawBufferPointer) throws -> UInt8 {
        let count = box.count - DirectAEAD.nonceByteCount - DirectAEAD.tagByteCount
        precondition(count >= 1 && count <= capacity)
        let base = box.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let tag = UnsafeMutableRawPointer(mutating: base + DirectAEAD.nonceByteCount + count)
        var length: Int32 = 0
        try BenchError.check(
            EVP_DecryptInit_ex2(openContext, nil, nil, base, tagParameter(tag)), "EVP_DecryptInit_ex2")
        try BenchError.check(
            EVP_DecryptUpdate(openContext, opened, &length, base + DirectAEAD.nonceByteCount, Int32(count)),
            "EVP_DecryptUpdate")
        try BenchError.check(EVP_DecryptFinal_ex(openContext, opened + Int(length), &length), "tag verification")
        return opened[count - 1]
    }

    /// The plaintext of the last open of a `count`-byte message.
    func plaintext(count: Int) -> [UInt8] { Array(UnsafeBufferPointer(start: opened, count: count)) }
}
