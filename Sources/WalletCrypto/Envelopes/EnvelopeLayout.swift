/// The byte layout of `envelope-v1` (`docs/spec/envelope-v1.md`): building and strict parsing.
struct EnvelopeLayout {
    struct Stanza {
        let hint: [UInt8]?
        let enc: [UInt8]
        let wrappedKey: [UInt8]

        var bytes: [UInt8] { (hint.map { [1] + $0 } ?? [0]) + enc + wrappedKey }
    }

    static let magic: [UInt8] = Array("WCEV".utf8)
    static let suiteBytes: [UInt8] = [0x00, 0x20, 0x00, 0x01, 0x00, 0x03]
    /// SM2 encryption ("S2"), HKDF-SM3 ("S3"), SM4-GCM ("S4"): the ShangMi profile.
    static let shangMiSuiteBytes: [UInt8] = [0x53, 0x32, 0x53, 0x33, 0x53, 0x34]
    static let suite = HPKE.Ciphersuite(kem: .Curve25519_HKDF_SHA256, kdf: .HKDF_SHA256, aead: .chaChaPoly)
    static let maximumRecipients = 64
    static let maximumBodyLength = 1 << 32
    static let wrappedKeyByteCount = 48
    /// An SM2 ciphertext of a 16-byte content key, C1 ‖ C3 ‖ C2.
    static let shangMiWrappedKeyByteCount = 65 + 32 + 16

    let fixed: [UInt8]
    /// Which suite F names.
    var profile: AlgorithmProfile { Array(fixed[5..<11]) == Self.shangMiSuiteBytes ? .shangMi : .standard }
    let senderKeyID: [UInt8]?
    let stanzas: [Stanza]
    let mac: [UInt8]
    let body: [UInt8]
    let signature: [UInt8]?

    init(fixed: [UInt8], senderKeyID: [UInt8]?, stanzas: [Stanza], mac: [UInt8], body: [UInt8], signature: [UInt8]?) {
        self.fixed = fixed
        self.senderKeyID = senderKeyID
        self.stanzas = stanzas
        self.mac = mac
        self.body = body
        self.signature = signature
    }

    /// F: magic, version, suite, flags, optional sender key ID, body length.
    static func fixedHeader(senderKeyID: [UInt8]?, bodyLength: Int, profile: AlgorithmProfile = .standard) -> [UInt8] {
        let suite = profile == .shangMi ? shangMiSuiteBytes : suiteBytes
        var fixed = magic + [1] + suite + [senderKeyID == nil ? 0 : 1] + (senderKeyID ?? [])
        for shift in stride(from: 56, through: 0, by: -8) {
            fixed.append(UInt8(truncatingIfNeeded: bodyLength >> shift))
        }
        return fixed
    }

    /// F ‖ count ‖ stanzas: what the header MAC covers.
    var authenticatedHeader: [UInt8] { fixed + [UInt8(stanzas.count)] + stanzas.flatMap(\.bytes) }

    var bytes: [UInt8] { authenticatedHeader + mac + body + (signature ?? []) }

    /// Refuses an envelope of another profile than the reader's keys belong to.
    func require(_ required: AlgorithmProfile) throws(CryptoError) {
        guard profile == required else {
            throw CryptoError(
                .invalidParameter,
                "the envelope uses the \(profile) profile, but the reader's keys are for the \(required) profile")
        }
    }

    init(parsing bytes: [UInt8]) throws(CryptoError) {
        func fail(_ reason: String) -> CryptoError { CryptoError(.invalidEncoding, "envelope: \(reason)") }
        var cursor = 0
        func take(_ count: Int) throws(CryptoError) -> [UInt8] {
            guard count >= 0, bytes.count - cursor >= count else { throw fail("truncated") }
            defer { cursor += count }
            return Array(bytes[cursor..<(cursor + count)])
        }
        guard try take(4) == Self.magic else { throw fail("not a WalletCustody envelope (bad magic)") }
        let version = try take(1)[0]
        guard version == 1 else { throw fail("unsupported version \(version)") }
        let suite = try take(6)
        guard suite == Self.suiteBytes || suite == Self.shangMiSuiteBytes else { throw fail("unsupported suite") }
        let shangMi = suite == Self.shangMiSuiteBytes
        let flags = try take(1)[0]
        guard flags <= 1 else { throw fail("unknown flags") }
        let senderKeyID = flags == 1 ? try take(16) : nil
        let lengthBytes = try take(8)
        let bodyLength = lengthBytes.reduce(0) { $0 << 8 | Int($1) }
        guard bodyLength >= AEADAlgorithm.tagByteCount, bodyLength <= Self.maximumBodyLength else {
            throw fail("body length out of range")
        }
        fixed = Array(bytes[..<cursor])
        let count = Int(try take(1)[0])
        guard (1...Self.maximumRecipients).contains(count) else { throw fail("recipient count out of range") }
        var stanzas: [Stanza] = []
        for _ in 0..<count {
            let hinted = try take(1)[0]
            guard hinted <= 1 else { throw fail("bad recipient hint flag") }
            let hint = hinted == 1 ? try take(16) : nil
            stanzas.append(
                shangMi
                    ? Stanza(hint: hint, enc: [], wrappedKey: try take(Self.shangMiWrappedKeyByteCount))
                    : Stanza(hint: hint, enc: try take(32), wrappedKey: try take(Self.wrappedKeyByteCount)))
        }
        self.senderKeyID = senderKeyID
        self.stanzas = stanzas
        mac = try take(32)
        body = try take(bodyLength)
        signature = flags == 1 ? try take(64) : nil
        guard cursor == bytes.count else { throw fail("trailing bytes") }
    }
}
