import COpenSSL

/// A KDF through `EVP_KDF`: fetched once, one context kept, and each derivation handed the same
/// prepared parameter list. (`EVP_KDF_CTX_dup` fails for HKDF in 3.0, so there is no faster reuse.)
final class DirectKDF {
    private let kdf: OpaquePointer
    private let context: OpaquePointer
    private let parameters: CParameters
    private let output: UnsafeMutablePointer<UInt8>
    private let outputByteCount: Int

    init(_ name: String, parameters: CParameters, outputByteCount: Int) throws {
        guard let kdf = EVP_KDF_fetch(nil, name, nil) else { throw BenchError("EVP_KDF_fetch(\(name)) failed") }
        guard let context = EVP_KDF_CTX_new(kdf) else { fatalError("EVP_KDF_CTX_new: out of memory") }
        self.kdf = kdf
        self.context = context
        self.parameters = parameters
        self.outputByteCount = outputByteCount
        output = .allocate(capacity: outputByteCount)
    }

    deinit {
        EVP_KDF_CTX_free(context)
        EVP_KDF_free(kdf)
        output.deallocate()
    }

    /// Derives into the reused output buffer and returns its last byte.
    func derive() throws -> UInt8 {
        try BenchError.check(EVP_KDF_derive(context, output, outputByteCount, parameters.pointer), "EVP_KDF_derive")
        return output[outputByteCount - 1]
    }

    /// The whole output of a fresh derivation, for checking against WalletCrypto.
    func derivedKey() throws -> [UInt8] {
        _ = try derive()
        return Array(UnsafeBufferPointer(start: output, count: outputByteCount))
    }
}
