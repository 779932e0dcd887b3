/// The 39-byte `stream-v1` header and the payload key it binds (`docs/spec/stream-v1.md`).
struct StreamHeader {
    static let magic: [UInt8] = Array("WCST".utf8)
    static let version: UInt8 = 1
    static let aesGCM256: UInt8 = 1
    static let byteCount = 39
    static let chunkSizeLog2Range = 10...24
    static let keyLabel = Array("WalletCustody stream-v1 payload key".utf8)

    let bytes: [UInt8]
    let chunkByteCount: Int

    /// A new header with a fresh salt.
    init(chunkByteCount: Int) throws(CryptoError) {
        let log2 = chunkByteCount.trailingZeroBitCount
        guard chunkByteCount.nonzeroBitCount == 1, Self.chunkSizeLog2Range.contains(log2) else {
            throw CryptoError(
                .invalidParameter,
                "the stream chunk size must be a power of two from 1 KiB to 16 MiB, got \(chunkByteCount)")
        }
        bytes = Self.magic + [Self.version, Self.aesGCM256, UInt8(log2)] + SecureRandom.bytes(count: 32)
        self.chunkByteCount = chunkByteCount
    }

    /// Parses the first 39 bytes of a stream.
    init(parsing bytes: [UInt8]) throws(CryptoError) {
        func fail(_ reason: String) -> CryptoError { CryptoError(.invalidEncoding, "stream: \(reason)") }
        guard bytes.count == Self.byteCount else { throw fail("truncated header") }
        guard Array(bytes[0..<4]) == Self.magic else { throw fail("not a WalletCustody stream (bad magic)") }
        guard bytes[4] == Self.version else { throw fail("unsupported version \(bytes[4])") }
        guard bytes[5] == Self.aesGCM256 else { throw fail("unknown AEAD \(bytes[5])") }
        guard Self.chunkSizeLog2Range.contains(Int(bytes[6])) else { throw fail("chunk size out of range") }
        self.bytes = bytes
        chunkByteCount = 1 << Int(bytes[6])
    }

    /// HKDF-SHA256(file key, salt, label ‖ header, 32).
    func payloadKey(_ fileKey: SymmetricKey) throws -> SymmetricKey {
        guard fileKey.byteCount == 32 else {
            throw CryptoError(.invalidParameter, "a stream file key is 32 bytes, got \(fileKey.byteCount)")
        }
        return HKDF<SHA256>.deriveKey(
            inputKeyMaterial: fileKey, salt: bytes[7...], info: Self.keyLabel + bytes, outputByteCount: 32)
    }
}
