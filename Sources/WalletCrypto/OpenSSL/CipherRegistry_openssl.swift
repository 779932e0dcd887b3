/// The ciphers WalletCrypto uses, each fetched on first use and kept for the process.
enum CipherRegistry {
    private static let aes128GCM = fetch("AES-128-GCM")
    private static let aes192GCM = fetch("AES-192-GCM")
    private static let aes256GCM = fetch("AES-256-GCM")
    private static let chaChaPoly = fetch("ChaCha20-Poly1305")
    private static let aes128ECB = fetch("AES-128-ECB")
    private static let aes192ECB = fetch("AES-192-ECB")
    private static let aes256ECB = fetch("AES-256-ECB")
    private static let aes128Wrap = fetch("AES-128-WRAP")
    private static let aes192Wrap = fetch("AES-192-WRAP")
    private static let aes256Wrap = fetch("AES-256-WRAP")
    private static let aes128WrapPad = fetch("AES-128-WRAP-PAD")
    private static let aes192WrapPad = fetch("AES-192-WRAP-PAD")
    private static let aes256WrapPad = fetch("AES-256-WRAP-PAD")
    private static let sm4ECB = fetch("SM4-ECB")
    private static let sm4CBC = fetch("SM4-CBC")
    private static let sm4CTR = fetch("SM4-CTR")

    /// The SM4 modes OpenSSL 3.0 has and WalletCrypto uses.
    enum SM4Mode { case ecb, cbc, ctr }

    /// OpenSSL's SM4 in `mode` (128-bit keys only).
    static func sm4(_ mode: SM4Mode) throws(CryptoError) -> FetchedCipher {
        switch mode {
        case .ecb: try sm4ECB.get()
        case .cbc: try sm4CBC.get()
        case .ctr: try sm4CTR.get()
        }
    }

    private static func fetch(_ name: String) -> Result<FetchedCipher, CryptoError> {
        Result { () throws(CryptoError) in try FetchedCipher(name) }
    }

    /// The cipher for `algorithm` with a key of `keyByteCount` bytes, or `.invalidParameter`.
    static func aead(_ algorithm: AEADAlgorithm, keyByteCount: Int) throws(CryptoError) -> FetchedCipher {
        let cipher: Result<FetchedCipher, CryptoError>? =
            switch (algorithm.id, keyByteCount) {
            case (.aesGCM, 16): aes128GCM
            case (.aesGCM, 24): aes192GCM
            case (.aesGCM, 32): aes256GCM
            case (.chaChaPoly, 32): chaChaPoly
            default: nil
            }
        guard let cipher else {
            throw CryptoError(
                .invalidParameter,
                "\(algorithm) needs a key of \(algorithm.keyByteCounts.map { "\($0 * 8)" }.joined(separator: ", ")) bits, got \(keyByteCount * 8)"
            )
        }
        return try cipher.get()
    }

    /// The AES block cipher for a key of `keyByteCount` bytes, for GCM with non-standard nonces and for FF1.
    static func aesBlock(keyByteCount: Int) throws(CryptoError) -> FetchedCipher {
        let cipher: Result<FetchedCipher, CryptoError>? =
            switch keyByteCount {
            case 16: aes128ECB
            case 24: aes192ECB
            case 32: aes256ECB
            default: nil
            }
        guard let cipher else {
            throw CryptoError(.invalidParameter, "an AES key must be 128, 192 or 256 bits, got \(keyByteCount * 8)")
        }
        return try cipher.get()
    }

    /// AES key wrap (RFC 3394) or key wrap with padding (RFC 5649) for a KEK of `keyByteCount` bytes.
    static func keyWrap(padded: Bool, keyByteCount: Int) throws(CryptoError) -> FetchedCipher {
        let cipher: Result<FetchedCipher, CryptoError>? =
            switch (padded, keyByteCount) {
            case (false, 16): aes128Wrap
            case (false, 24): aes192Wrap
            case (false, 32): aes256Wrap
            case (true, 16): aes128WrapPad
            case (true, 24): aes192WrapPad
            case (true, 32): aes256WrapPad
            default: nil
            }
        guard let cipher else {
            throw CryptoError(
                .invalidParameter, "an AES key-encryption key must be 128, 192 or 256 bits, got \(keyByteCount * 8)")
        }
        return try cipher.get()
    }
}
