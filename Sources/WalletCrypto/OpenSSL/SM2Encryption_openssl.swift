internal import COpenSSL

extension PKey {
    // Key-context tags beside signing (1) and verifying (2).
    private static let encryptTag: UInt = 3
    private static let decryptTag: UInt = 4

    /// SM2 encryption through `EVP_PKEY_encrypt` (SM3), which writes the GM/T 0009 DER form.
    func sm2Encrypt(_ message: UnsafeRawBufferPointer) throws(CryptoError) -> [UInt8] {
        try withCipherContext(encrypt: true) { (context) throws(CryptoError) in
            var length = 0
            let input = message.baseAddress?.assumingMemoryBound(to: UInt8.self)
            guard EVP_PKEY_encrypt(context, nil, &length, input, message.count) == 1 else {
                throw CryptoError.backend("SM2 encryption failed")
            }
            var output = [UInt8](repeating: 0, count: length)
            guard EVP_PKEY_encrypt(context, &output, &length, input, message.count) == 1 else {
                throw CryptoError.backend("SM2 encryption failed")
            }
            return Array(output.prefix(length))
        }
    }

    /// SM2 decryption of canonical GM/T 0009 DER whose C2 has `plaintextByteCount` bytes. OpenSSL
    /// checks C1 and compares C3 in constant time; every failure is the one generic error.
    func sm2Decrypt(_ der: UnsafeRawBufferPointer, plaintextByteCount: Int) throws(CryptoError) -> SecureBytes {
        var written = 0
        let plaintext = SecureBytes(unsafeUninitializedCount: plaintextByteCount) { buffer in
            written = plaintextByteCount
            let ok = try? withCipherContext(encrypt: false) { (context) throws(CryptoError) -> Bool in
                EVP_PKEY_decrypt(
                    context, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), &written,
                    der.baseAddress?.assumingMemoryBound(to: UInt8.self), der.count) == 1
            }
            if ok != true { written = -1 }
        }
        guard written == plaintextByteCount else {
            OpenSSLErrors.clear()
            throw CryptoError.authenticationFailure
        }
        return plaintext
    }

    /// Runs `body` on this key's cached `EVP_PKEY_CTX` after `EVP_PKEY_encrypt_init` or
    /// `EVP_PKEY_decrypt_init`; a context is reusable across calls, like the signing ones.
    private func withCipherContext<R>(encrypt: Bool, _ body: (OpaquePointer) throws(CryptoError) -> R)
        throws(CryptoError) -> R
    {
        try withPreparedContext(
            tag: encrypt ? Self.encryptTag : Self.decryptTag, what: "SM2 \(encrypt ? "encryption" : "decryption") init",
            initialise: { encrypt ? EVP_PKEY_encrypt_init($0) : EVP_PKEY_decrypt_init($0) }, body)
    }
}
