import COpenSSL

/// X25519 key generation the fastest direct way: `EVP_PKEY_generate` on a kept `EVP_PKEY_CTX`,
/// then the 32 public-key bytes with `EVP_PKEY_get_raw_public_key`.
final class DirectKeyGeneration {
    private let context: OpaquePointer
    private var publicKey = [UInt8](repeating: 0, count: 32)

    init(_ keyType: String) throws {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, keyType, nil) else { throw BenchError("no \(keyType)") }
        self.context = context
        try BenchError.check(EVP_PKEY_keygen_init(context), "EVP_PKEY_keygen_init")
    }

    deinit { EVP_PKEY_CTX_free(context) }

    /// A new key pair; returns the last byte of its public key.
    func generate() throws -> UInt8 {
        var key: OpaquePointer?
        try BenchError.check(EVP_PKEY_generate(context, &key), "EVP_PKEY_generate")
        defer { EVP_PKEY_free(key) }
        var length = 32
        try BenchError.check(EVP_PKEY_get_raw_public_key(key, &publicKey, &length), "raw public key")
        return publicKey[31]
    }
}
