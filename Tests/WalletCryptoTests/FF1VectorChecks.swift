import TestSupport
import WalletCrypto

/// The checks behind the FF1 entries of `VectorCatalog`. Each returns normally only when FF1
/// reproduced the expected ciphertext and decrypted it back, through both the text and numeral APIs.
enum FF1VectorChecks {
    /// NIST's FF1samples (SP 800-38G examples): every sample is valid.
    static let nistSample: VectorRunner.Check = { c in
        let key = SymmetricKey(data: try c.hex("key"))
        guard key.bitCount == (try c.int("keyBits")) else { throw VectorFormatError("keyBits disagrees with key") }
        try roundTrip(
            c, alphabet: try c.string("alphabet"), radix: try c.int("radix"), key: key, tweak: try c.hex("tweak"),
            plaintext: try c.string("plaintext"), ciphertext: try c.string("ciphertext"))
    }

    /// Wycheproof FpeStrTest (`aes_ff1_base10`, `aes_ff1_base36`). A valid case must encrypt `msg` to `ct` and
    /// decrypt `ct` to `msg`. An invalid case (0 or 1 numerals, a key that is not 128/192/256 bits, a character
    /// outside the alphabet) must be refused by encryption, which the thrown error records.
    static let wycheproof: VectorRunner.Check = { c in
        try roundTrip(
            c, alphabet: try c.string("alphabet"), radix: try c.int("radix"), key: SymmetricKey(data: try c.hex("key")),
            tweak: try c.hex("tweak"), plaintext: try c.string("msg"), ciphertext: try c.string("ct"))
    }

    private static func roundTrip(
        _ c: VectorCase, alphabet: String, radix: Int, key: SymmetricKey, tweak: [UInt8], plaintext: String,
        ciphertext: String
    ) throws {
        let scalars = Array(alphabet.unicodeScalars)
        guard scalars.count == radix else { throw VectorFormatError("tcId \(c.tcId): radix disagrees with alphabet") }
        let encrypted = try FF1.encrypt(plaintext, alphabet: alphabet, key: key, tweak: tweak)
        guard encrypted == ciphertext else { throw VectorChecks.Mismatch(description: "ciphertext differs") }
        guard try FF1.decrypt(ciphertext, alphabet: alphabet, key: key, tweak: tweak) == plaintext else {
            throw VectorChecks.Mismatch(description: "decryption differs")
        }
        // The numeral API must agree; UInt8 numerals exercise the generic path for radix <= 256.
        let numerals = plaintext.unicodeScalars.map { UInt8(scalars.firstIndex(of: $0)!) }
        let expected = ciphertext.unicodeScalars.map { UInt8(scalars.firstIndex(of: $0)!) }
        guard try FF1.encrypt(numerals, radix: radix, key: key, tweak: tweak) == expected,
            try FF1.decrypt(expected, radix: radix, key: key, tweak: tweak) == numerals
        else { throw VectorChecks.Mismatch(description: "numeral API differs from text API") }
    }
}
