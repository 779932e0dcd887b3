/// The 39-byte `stream-v1` header and the payload key it binds (`docs/spec/stream-v1.md`). The
/// aead byte is the profile: `01` AES-256-GCM (standard), `02` SM4-GCM (ShangMi).
struct StreamHeader {
    static let magic: [UInt8] = Array("WCST".utf8)
    static let version: UInt8 = 1
    static let byteCount = 39
    static let chunkSizeLog2Range = 10...24
    static let keyLabel = Array("WalletCustody stream-v1 payload key".utf8)

    let bytes: [UInt8]
    let chunkByteCount: Int
    let profile: AlgorithmProfile

    /// The chunks' AEAD.
    var algorithm: AEADAlgorithm { profile == .shangMi ? .sm4GCM : .aesGCM }

    /// A new header with a fresh salt.
    init(chunkByteCount: Int, profile: AlgorithmProfile) throws(CryptoError) {
        let log2 = chunkByteCount.trailingZeroBitCount
        guard chunkByteCount.nonzeroBitCount == 1, Self.chunkSizeLog2Range.contains(log2) else {
            throw CryptoError(
                .invalidParameter,
                "the stream chunk size must be a power of two from 1 KiB to 16 MiB, got \(chunkByteCount)")
        }
        bytes = Self.magic + [Self.version, profile.id, UInt8(log2)] + SecureRandom.bytes(count: 32)
        self.chunkByteCount = chunkByteCount
        self.profile = profile
    }

    /// Parses the first 39 bytes of a stream.
    init(parsing bytes: [UInt8]) throws(CryptoError) {
        func fail(_ reason: String) -> CryptoError { CryptoError(.invalidEncoding, "stream: \(reason)") }
        guard bytes.count == Self.byteCount else { throw fail("truncated header") }
        guard Array(bytes[0..<4]) == Self.magic else { throw fail("not a WalletCustody stream (bad magic)") }
        guard bytes[4] == Self.version else { throw fail("unsupported version \(bytes[4])") }
        guard bytes[5] == AlgorithmProfile.standard.id || bytes[5] == AlgorithmProfile.shangMi.id else {
            throw fail("unknown AEAD \(bytes[5])")
        }
        profile = AlgorithmProfile(id: bytes[5])
        guard Self.chunkSizeLog2Range.contains(Int(bytes[6])) else { throw fail("chunk size out of range") }
        self.bytes = bytes
        chunkByteCount = 1 << Int(bytes[6])
    }

    /// HKDF-SHA256(file key, salt, label ‖ header, 32), or HKDF-SM3(…, 16) in the ShangMi profile.
    func payloadKey(_ fileKey: SymmetricKey) throws(CryptoError) -> SymmetricKey {
        guard fileKey.byteCount == 32 else {
            throw CryptoError(.invalidParameter, "a stream file key is 32 bytes, got \(fileKey.byteCount)")
        }
        if profile == .shangMi {
            return HKDF<SM3>.deriveKey(
                inputKeyMaterial: fileKey, salt: bytes[7...], info: Self.keyLabel + bytes, outputByteCount: 16)
        }
        return HKDF<SHA256>.deriveKey(
            inputKeyMaterial: fileKey, salt: bytes[7...], info: Self.keyLabel + bytes, outputByteCount: 32)
    }

    /// Refuses a stream of another profile than `required`.
    func check(_ required: AlgorithmProfile) throws(CryptoError) {
        guard profile == required else {
            throw CryptoError(
                .invalidParameter, "the stream uses the \(profile) profile, but the \(required) profile is required")
        }
    }
}
