import TestSupport
import WalletCrypto

/// Checks for SM4: RFC 8998 and the GB/T 32907 / draft-ribose mode vectors upstream, and this
/// project's `vectors/sm4-aead.json` and `vectors/sm4-gbt32907.json`.
enum SM4VectorChecks {
    /// One SM4 block encryption through the public API: CTR's first key-stream block is E(counter).
    static func encryptBlock(_ block: [UInt8], key: SymmetricKey) throws -> [UInt8] {
        try SM4.InsecureCTR.apply([UInt8](repeating: 0, count: 16), using: key, counter: block)
    }

    /// RFC 8998 Appendix A (`sm/sm4.json` `aeadCases`): open and reseal.
    static func rfc8998(_ c: VectorCase) throws {
        let key = SymmetricKey(data: try c.hex("key"))
        let (iv, aad, plaintext) = (try c.hex("iv"), try c.hex("aad"), try c.hex("plaintext"))
        let (ciphertext, tag) = (try c.hex("ciphertext"), try c.hex("tag"))
        switch try c.string("mode") {
        case "GCM": try openAndReseal(SM4.GCM.self, key, iv, aad, plaintext, ciphertext, tag)
        case "CCM": try openAndReseal(SM4.CCM.self, key, iv, aad, plaintext, ciphertext, tag)
        case let other: throw VectorFormatError("unknown mode \(other)")
        }
    }

    private static func openAndReseal<S: AEADScheme>(
        _: S.Type, _ key: SymmetricKey, _ iv: [UInt8], _ aad: [UInt8], _ plaintext: [UInt8], _ ciphertext: [UInt8],
        _ tag: [UInt8]
    ) throws {
        let nonce = try S.Nonce(data: iv)
        let box = try S.SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag)
        try VectorChecks.expectEqual(Array(try S.open(box, using: key, authenticating: aad)), plaintext, "plaintext")
        let sealed = try S.seal(plaintext, using: key, nonce: nonce, authenticating: aad)
        try VectorChecks.expectEqual(
            Array(sealed.ciphertext) + Array(sealed.tag), ciphertext + tag, "ciphertext and tag")
    }

    /// `sm/sm4.json` `blockCipherCases`: ECB (one block through CTR), CBC (the padded output starts
    /// with the unpadded vector) and CTR. OFB and CFB are not offered.
    static func blockMode(_ c: VectorCase) throws {
        let key = SymmetricKey(data: try c.hex("key"))
        let (plaintext, ciphertext) = (try c.hex("plaintext"), try c.hex("ciphertext"))
        switch try c.string("mode") {
        case "ECB":
            try VectorChecks.expectEqual(try encryptBlock(plaintext, key: key), ciphertext, "block")
        case "CBC":
            let iv = try c.hex("iv")
            let padded = try SM4.InsecureCBC.encrypt(plaintext, using: key, iv: iv)
            try VectorChecks.expectEqual(Array(padded.prefix(ciphertext.count)), ciphertext, "ciphertext")
            try VectorChecks.expectEqual(
                try SM4.InsecureCBC.decrypt(padded, using: key, iv: iv), plaintext, "plaintext")
        case "CTR":
            let iv = try c.hex("iv")
            try VectorChecks.expectEqual(
                try SM4.InsecureCTR.apply(plaintext, using: key, counter: iv), ciphertext, "ct")
            try VectorChecks.expectEqual(
                try SM4.InsecureCTR.apply(ciphertext, using: key, counter: iv), plaintext, "pt")
        case let other: throw VectorSkip("SM4-\(other) is not offered")
        }
    }

    /// `vectors/sm4-aead.json`.
    static func project(_ c: VectorCase) throws {
        switch try c.string("algorithm") {
        case "SM4-GCM": try gcm(c)
        case "SM4-CCM": try ccm(c)
        case let other: throw VectorFormatError("unknown algorithm \(other)")
        }
    }

    static let gcm = VectorChecks.aead(SM4.GCM.self) { try SM4.GCM.Nonce(data: $0) }
    static let ccm = VectorChecks.aead(SM4.CCM.self) { try SM4.CCM.Nonce(data: $0) }

    /// `vectors/sm4-gbt32907.json`: `iterations` encryptions in a row.
    static func gbt32907(_ c: VectorCase) throws {
        let key = SymmetricKey(data: try c.hex("key"))
        var block = try c.hex("msg")
        for _ in 0..<(try c.int("iterations")) { block = try encryptBlock(block, key: key) }
        try VectorChecks.expectEqual(block, try c.hex("ct"), "ciphertext")
    }
}
