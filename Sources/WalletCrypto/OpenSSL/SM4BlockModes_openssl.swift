internal import COpenSSL

/// SM4-CBC (PKCS#7) and SM4-CTR through OpenSSL's EVP ciphers, one fresh context per call: these
/// modes exist for interoperability, not for hot paths.
enum SM4BlockModes {
    /// OpenSSL's update functions take `int` lengths, so inputs go in chunks below 2^31.
    private static let chunk = 1 << 30

    static func cbc(encrypt: Bool, _ input: [UInt8], key: SymmetricKey, iv: [UInt8]) throws(CryptoError) -> [UInt8] {
        try checkKey(key, "SM4-CBC")
        guard iv.count == 16 else {
            throw CryptoError(.invalidParameter, "an SM4-CBC IV is 16 bytes, got \(iv.count)")
        }
        if !encrypt {
            guard !input.isEmpty, input.count % 16 == 0 else {
                throw CryptoError(
                    .invalidEncoding, "SM4-CBC ciphertext must be a non-empty multiple of 16 bytes, got \(input.count)")
            }
        }
        let result = try run(try CipherRegistry.sm4(.cbc), encrypt: encrypt, input, key: key, iv: iv, padding: true)
        guard let result else {
            // Bad padding on decryption; nothing more is said (see SM4.InsecureCBC).
            OpenSSLErrors.clear()
            throw CryptoError.authenticationFailure
        }
        return result
    }

    static func ctr(_ input: [UInt8], key: SymmetricKey, counter: [UInt8]) throws(CryptoError) -> [UInt8] {
        try checkKey(key, "SM4-CTR")
        guard counter.count == 16 else {
            throw CryptoError(.invalidParameter, "an SM4-CTR counter block is 16 bytes, got \(counter.count)")
        }
        guard let result = try run(try CipherRegistry.sm4(.ctr), encrypt: true, input, key: key, iv: counter) else {
            throw CryptoError.backend("SM4-CTR failed")
        }
        return result
    }

    private static func checkKey(_ key: SymmetricKey, _ name: String) throws(CryptoError) {
        guard key.byteCount == 16 else {
            throw CryptoError(.invalidParameter, "\(name) needs a key of 128 bits, got \(key.byteCount * 8)")
        }
    }

    /// The output, or nil when OpenSSL refuses the final block (bad padding).
    private static func run(
        _ cipher: FetchedCipher, encrypt: Bool, _ input: [UInt8], key: SymmetricKey, iv: [UInt8], padding: Bool = false
    ) throws(CryptoError) -> [UInt8]? {
        OpenSSLErrors.clear()
        guard let context = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new: out of memory") }
        defer { EVP_CIPHER_CTX_free(context) }
        let ready = key.withUnsafeBytes { raw in
            EVP_CipherInit_ex2(
                context, cipher.pointer, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), iv, encrypt ? 1 : 0, nil)
                == 1
        }
        guard ready, EVP_CIPHER_CTX_set_padding(context, padding ? 1 : 0) == 1 else {
            throw CryptoError.backend("SM4 initialisation failed")
        }
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var produced = 0
        let ok = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { inp in
                var offset = 0
                while offset < inp.count {
                    let n = min(chunk, inp.count - offset)
                    var written: Int32 = 0
                    guard
                        EVP_CipherUpdate(
                            context, out.baseAddress! + produced, &written, inp.baseAddress! + offset, Int32(n))
                            == 1
                    else { return false }
                    produced += Int(written)
                    offset += n
                }
                var written: Int32 = 0
                guard EVP_CipherFinal_ex(context, out.baseAddress! + produced, &written) == 1 else { return false }
                produced += Int(written)
                return true
            }
        }
        guard ok else {
            output.withUnsafeMutableBytes { SecureMemory.cleanse($0.baseAddress!, count: $0.count) }
            return nil
        }
        output.removeLast(output.count - produced)
        return output
    }
}
