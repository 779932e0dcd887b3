import COpenSSL

/// SM2 encryption the fastest way OpenSSL 3.0 allows: the key parsed once and one `EVP_PKEY_CTX`
/// per direction after a single `EVP_PKEY_encrypt_init`/`EVP_PKEY_decrypt_init`, writing into
/// buffers allocated once.
final class DirectSM2Encryption {
    private let key: OpaquePointer
    private let encryptContext: OpaquePointer
    private let decryptContext: OpaquePointer
    private let output = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
    private var outputLength = 0

    /// Parses `pem` (PKCS#8) once.
    init(pem: String) throws {
        let bytes = Array(pem.utf8)
        guard let bio = BIO_new_mem_buf(bytes, Int32(bytes.count)) else { fatalError("BIO_new_mem_buf failed") }
        defer { BIO_free(bio) }
        guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else { throw BenchError("PEM_read_bio_PrivateKey") }
        self.key = key
        guard let encrypt = EVP_PKEY_CTX_new_from_pkey(nil, key, nil),
            let decrypt = EVP_PKEY_CTX_new_from_pkey(nil, key, nil)
        else { fatalError("EVP_PKEY_CTX_new_from_pkey failed") }
        encryptContext = encrypt
        decryptContext = decrypt
        try BenchError.check(EVP_PKEY_encrypt_init(encrypt), "EVP_PKEY_encrypt_init")
        try BenchError.check(EVP_PKEY_decrypt_init(decrypt), "EVP_PKEY_decrypt_init")
    }

    deinit {
        EVP_PKEY_CTX_free(encryptContext)
        EVP_PKEY_CTX_free(decryptContext)
        EVP_PKEY_free(key)
        output.deallocate()
    }

    /// The last output: GM/T 0009 DER after `encrypt`, the plaintext after `decrypt`.
    var lastOutput: [UInt8] { Array(UnsafeBufferPointer(start: output, count: outputLength)) }

    /// Encrypts `message` into the reused buffer and returns one byte of the ciphertext.
    func encrypt(_ message: [UInt8]) throws -> UInt8 {
        outputLength = 4096
        try BenchError.check(
            EVP_PKEY_encrypt(encryptContext, output, &outputLength, message, message.count), "EVP_PKEY_encrypt")
        return output[outputLength - 1]
    }

    /// Decrypts DER `ciphertext` into the reused buffer and returns one byte of the plaintext.
    func decrypt(_ ciphertext: [UInt8]) throws -> UInt8 {
        outputLength = 4096
        try BenchError.check(
            EVP_PKEY_decrypt(decryptContext, output, &outputLength, ciphertext, ciphertext.count), "EVP_PKEY_decrypt")
        return output[outputLength - 1]
    }
}
