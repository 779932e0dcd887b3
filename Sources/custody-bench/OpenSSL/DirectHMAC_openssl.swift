import COpenSSL

/// HMAC the fastest way OpenSSL 3.0 allows: `EVP_MAC` fetched once, one `EVP_MAC_CTX` keyed once and
/// re-initialised per message with `EVP_MAC_init(ctx, NULL, 0, NULL)`, which keeps the key.
final class DirectHMAC {
    private let mac: OpaquePointer
    private let context: OpaquePointer
    private let output: UnsafeMutablePointer<UInt8>
    private let size: Int
    private let key: [UInt8]

    init(digest: String, key: [UInt8]) throws {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { throw BenchError("EVP_MAC_fetch(HMAC) failed") }
        guard let context = EVP_MAC_CTX_new(mac) else { fatalError("EVP_MAC_CTX_new: out of memory") }
        self.mac = mac
        self.context = context
        self.key = key
        let parameters = CParameters(capacity: 1)
        parameters.utf8(OSSL_MAC_PARAM_DIGEST, digest)
        try BenchError.check(EVP_MAC_init(context, key, key.count, parameters.pointer), "EVP_MAC_init")
        size = EVP_MAC_CTX_get_mac_size(context)
        output = .allocate(capacity: size)
    }

    deinit {
        EVP_MAC_CTX_free(context)
        EVP_MAC_free(mac)
        output.deallocate()
    }

    /// Authenticates `bytes` into the reused output buffer and returns its first byte.
    func authenticate(_ bytes: UnsafeRawBufferPointer) throws -> UInt8 {
        var length = 0
        try BenchError.check(EVP_MAC_init(context, nil, 0, nil), "EVP_MAC_init")
        try BenchError.check(
            EVP_MAC_update(context, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count),
            "EVP_MAC_update")
        try BenchError.check(EVP_MAC_final(context, output, &length, size), "EVP_MAC_final")
        return output[0]
    }

    /// Authenticates `bytes` after keying the context again, as each HKDF step of HPKE must.
    func authenticateRekeyed(_ bytes: UnsafeRawBufferPointer) throws -> UInt8 {
        var length = 0
        try BenchError.check(EVP_MAC_init(context, key, key.count, nil), "EVP_MAC_init")
        try BenchError.check(
            EVP_MAC_update(context, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count),
            "EVP_MAC_update")
        try BenchError.check(EVP_MAC_final(context, output, &length, size), "EVP_MAC_final")
        return output[0]
    }

    /// The whole code of `bytes`, for checking against WalletCrypto.
    func code(_ bytes: [UInt8]) throws -> [UInt8] {
        _ = try bytes.withUnsafeBytes { try authenticate($0) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }
}
