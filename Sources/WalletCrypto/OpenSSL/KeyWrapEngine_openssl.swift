internal import COpenSSL

/// AES key wrap (RFC 3394) and key wrap with padding (RFC 5649) through OpenSSL's WRAP ciphers.
enum KeyWrapEngine {
    static func wrap(_ key: SymmetricKey, kek: SymmetricKey, padded: Bool) throws(CryptoError) -> [UInt8] {
        let capacity = (key.byteCount + 7) / 8 * 8 + 8
        var failed = false
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            initialized =
                key.withUnsafeBytes { input in
                    run(input, kek: kek, padded: padded, encrypt: true, output: UnsafeMutableRawBufferPointer(buffer))
                } ?? 0
            failed = initialized == 0
        }
        guard !failed else { throw CryptoError.backend("AES key wrap failed") }
        return output
    }

    static func unwrap(_ wrapped: [UInt8], kek: SymmetricKey, padded: Bool) throws(CryptoError) -> SymmetricKey {
        // The plaintext is at most the input length minus the 8-byte integrity block.
        let scratch = SecureBytes(unsafeUninitializedCount: max(wrapped.count, 8)) { _ in }
        let produced = scratch.withUnsafeBytes { buffer in
            wrapped.withUnsafeBytes { input in
                run(
                    input, kek: kek, padded: padded, encrypt: false,
                    output: UnsafeMutableRawBufferPointer(mutating: buffer))
            }
        }
        guard let produced else {
            OpenSSLErrors.clear()
            throw CryptoError.authenticationFailure
        }
        return SymmetricKey(scratch.withUnsafeBytes { SecureBytes(UnsafeRawBufferPointer(rebasing: $0[..<produced])) })
    }

    /// Returns the number of bytes written, or nil when OpenSSL refuses (bad length or integrity check).
    private static func run(
        _ input: UnsafeRawBufferPointer, kek: SymmetricKey, padded: Bool, encrypt: Bool,
        output: UnsafeMutableRawBufferPointer
    ) -> Int? {
        guard let cipher = try? CipherRegistry.keyWrap(padded: padded, keyByteCount: kek.byteCount),
            input.count <= Int(Int32.max) - 16, let inputBase = input.baseAddress, let outputBase = output.baseAddress
        else { return nil }
        guard let context = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new: out of memory") }
        defer { EVP_CIPHER_CTX_free(context) }
        EVP_CIPHER_CTX_set_flags(context, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW)
        var written: Int32 = 0
        var final: Int32 = 0
        let ok = kek.withUnsafeBytes { key in
            EVP_CipherInit_ex2(
                context, cipher.pointer, key.baseAddress?.assumingMemoryBound(to: UInt8.self), nil, encrypt ? 1 : 0, nil
            )
                == 1
                && EVP_CipherUpdate(
                    context, outputBase.assumingMemoryBound(to: UInt8.self), &written,
                    inputBase.assumingMemoryBound(to: UInt8.self), Int32(input.count)) == 1
                && written > 0
                && EVP_CipherFinal_ex(context, outputBase.assumingMemoryBound(to: UInt8.self) + Int(written), &final)
                    == 1
        }
        return ok ? Int(written + final) : nil
    }
}
