import COpenSSL

/// A digest the fastest way OpenSSL 3.0 allows: fetched once, one `EVP_MD_CTX` re-initialised per
/// message with a NULL type (which keeps the fetched digest and its provider context).
final class DirectDigest {
    private let digest: OpaquePointer
    private let context: OpaquePointer
    private let output: UnsafeMutablePointer<UInt8>
    private let size: Int

    init(_ name: String) throws {
        guard let digest = EVP_MD_fetch(nil, name, nil) else { throw BenchError("EVP_MD_fetch(\(name)) failed") }
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        self.digest = digest
        self.context = context
        size = Int(EVP_MD_get_size(digest))
        output = .allocate(capacity: size)
        try BenchError.check(EVP_DigestInit_ex2(context, digest, nil), "EVP_DigestInit_ex2")
    }

    deinit {
        EVP_MD_CTX_free(context)
        EVP_MD_free(digest)
        output.deallocate()
    }

    /// Hashes `bytes` into the reused output buffer and returns its first byte.
    func hash(_ bytes: UnsafeRawBufferPointer) throws -> UInt8 {
        var length: UInt32 = 0
        try BenchError.check(EVP_DigestInit_ex2(context, nil, nil), "EVP_DigestInit_ex2")
        try BenchError.check(EVP_DigestUpdate(context, bytes.baseAddress, bytes.count), "EVP_DigestUpdate")
        try BenchError.check(EVP_DigestFinal_ex(context, output, &length), "EVP_DigestFinal_ex")
        return output[0]
    }

    /// The whole digest of `bytes`, for checking against WalletCrypto.
    func digest(_ bytes: [UInt8]) throws -> [UInt8] {
        _ = try bytes.withUnsafeBytes { try hash($0) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }
}
