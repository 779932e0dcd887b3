import COpenSSL

/// AES key wrap (RFC 3394) with the `AES-*-WRAP` cipher fetched once and one context keyed once; each
/// wrap re-initialises it with NULL key and IV (the default RFC 3394 IV) and runs one update and final.
final class DirectKeyWrap {
    private let cipher: OpaquePointer
    private let context: OpaquePointer
    private let output: UnsafeMutablePointer<UInt8>
    private let outputCapacity: Int
    private var outputByteCount = 0

    init(_ name: String, kek: [UInt8], maximumKeyByteCount: Int) throws {
        guard let cipher = EVP_CIPHER_fetch(nil, name, nil) else {
            throw BenchError("EVP_CIPHER_fetch(\(name)) failed")
        }
        guard let context = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new: out of memory") }
        self.cipher = cipher
        self.context = context
        outputCapacity = maximumKeyByteCount + 16
        output = .allocate(capacity: outputCapacity)
        EVP_CIPHER_CTX_set_flags(context, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW)
        try BenchError.check(EVP_EncryptInit_ex2(context, cipher, kek, nil, nil), "EVP_EncryptInit_ex2")
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
        EVP_CIPHER_free(cipher)
        output.deallocate()
    }

    /// Wraps `key` into the reused output buffer and returns its last byte.
    func wrap(_ key: UnsafeRawBufferPointer) throws -> UInt8 {
        precondition(key.count + 8 <= outputCapacity)
        var length: Int32 = 0
        var finalLength: Int32 = 0
        try BenchError.check(EVP_EncryptInit_ex2(context, nil, nil, nil, nil), "EVP_EncryptInit_ex2")
        try BenchError.check(
            EVP_EncryptUpdate(
                context, output, &length, key.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(key.count)),
            "EVP_EncryptUpdate")
        try BenchError.check(EVP_EncryptFinal_ex(context, output + Int(length), &finalLength), "EVP_EncryptFinal_ex")
        outputByteCount = Int(length + finalLength)
        return output[outputByteCount - 1]
    }

    /// The wrapped form of `key`, for checking against WalletCrypto.
    func wrapped(_ key: [UInt8]) throws -> [UInt8] {
        _ = try key.withUnsafeBytes { try wrap($0) }
        return Array(UnsafeBufferPointer(start: output, count: outputByteCount))
    }
}
