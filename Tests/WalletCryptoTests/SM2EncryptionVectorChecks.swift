import TestSupport
import WalletCrypto

/// Checks for SM2 encryption: GB/T 32918.5 Annex C upstream and `vectors/sm2-ciphertext.json`.
enum SM2EncryptionVectorChecks {
    /// `sm/sm2.json` `encryption`: the standard's ciphertext decrypts, and its three forms agree.
    static func annexC(_ c: VectorCase) throws {
        let key = try SM2.Encryption.PrivateKey(rawRepresentation: try c.hex("privateKey"))
        try VectorChecks.expectEqual(key.publicKey.x963Representation, try c.hex("publicKeyUncompressed"), "public key")
        let fromDER = try SM2Ciphertext(derRepresentation: try c.hex("ciphertextDer"))
        let fromRaw = try SM2Ciphertext(c1c3c2Representation: try c.hex("ciphertextC1C3C2"))
        guard fromDER == fromRaw else { throw VectorChecks.Mismatch(description: "DER and C1C3C2 differ") }
        try VectorChecks.expectEqual(fromDER.c1, [0x04] + (try c.hex("c1x")) + (try c.hex("c1y")), "C1")
        try VectorChecks.expectEqual(fromDER.c3, try c.hex("c3"), "C3")
        try VectorChecks.expectEqual(fromDER.c2, try c.hex("c2"), "C2")
        try VectorChecks.expectEqual(fromRaw.derRepresentation, try c.hex("ciphertextDer"), "DER")
        let message = try key.decrypt(fromDER)
        try VectorChecks.expectEqual(message.withUnsafeBytes { Array($0) }, try c.hex("message"), "message")
    }

    /// `vectors/sm2-ciphertext.json`.
    static func project(_ c: VectorCase) throws {
        let key = try SM2.Encryption.PrivateKey(rawRepresentation: try c.hex("privateKey"))
        let bytes = try c.hex("ciphertext")
        let ciphertext: SM2Ciphertext
        switch try c.string("encoding") {
        case "der": ciphertext = try SM2Ciphertext(derRepresentation: bytes)
        case "c1c3c2": ciphertext = try SM2Ciphertext(c1c3c2Representation: bytes)
        case "c1c2c3": ciphertext = try SM2Ciphertext(legacyC1C2C3Representation: bytes)
        case let other: throw VectorFormatError("unknown encoding \(other)")
        }
        let message = try key.decrypt(ciphertext)
        try VectorChecks.expectEqual(message.withUnsafeBytes { Array($0) }, try c.hex("message"), "message")
        try VectorChecks.expectEqual(ciphertext.derRepresentation, try c.hex("der"), "DER")
    }
}
