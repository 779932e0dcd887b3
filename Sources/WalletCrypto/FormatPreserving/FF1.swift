/// FF1 format-preserving encryption (NIST SP 800-38G and Rev. 1) with AES-128, AES-192 or AES-256.
///
/// Security contract: FF1 is a deterministic, tweakable pseudorandom permutation of the numeral
/// strings of one length in one radix. It hides the value, not the format, the length or equality:
/// the same key, tweak and input always give the same output, and nothing is authenticated, so a
/// changed ciphertext decrypts to a different valid-looking value without any error. The tweak is
/// public; use a different tweak per context (for example per field) so equal values in different
/// contexts do not encrypt alike.
///
/// The primitive enforces the original SP 800-38G bounds (radix 2...65536, radix^minlen >= 100 with
/// minlen >= 2, lengths and tweak lengths below 2^32) so it passes every published vector. It does
/// *not* enforce Rev. 1's minimum domain radix^n >= 1,000,000: small domains can be enumerated and
/// are weak. The card vault enforces that rule above this primitive and uses random tokens when a
/// domain is too small; any other caller must do the same. Run time depends on the values through
/// BIGNUM arithmetic (see `docs/spec/ff1.md`).
public enum FF1 {
    /// The radixes FF1 allows. Larger alphabets are not format-preserving in the standard's sense.
    public static let radixRange = 2...65536

    /// The longest numeral string and the longest tweak in bytes: both are encoded in 4 bytes.
    public static let maximumLength = Int(UInt32.max)

    /// The ten decimal digits; text over it keeps a decimal format.
    public static let decimalAlphabet = "0123456789"

    /// Digits then lowercase letters (radix 36), the alphabet of NIST's radix-36 samples.
    public static let base36Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

    /// Encrypts `numerals` (each below `radix`) under `key` and the public `tweak`.
    ///
    /// Deterministic and unauthenticated; the domain radix^count is not checked against Rev. 1's
    /// 1,000,000 minimum (see the type's contract). Throws `CryptoError` `.invalidParameter` for a radix outside
    /// 2...65536 or one whose digits `Numeral` cannot hold, a numeral not below the radix, a length
    /// below the minimum for the radix or above `maximumLength`, a tweak above `maximumLength`
    /// bytes, or a key that is not 128, 192 or 256 bits.
    public static func encrypt<Numeral: FixedWidthInteger & UnsignedInteger>(
        _ numerals: [Numeral], radix: Int, key: SymmetricKey, tweak: [UInt8]
    ) throws -> [Numeral] {
        try crypt(numerals, radix: radix, key: key, tweak: tweak, encrypting: true)
    }

    /// Decrypts `numerals` (each below `radix`) under `key` and `tweak`.
    ///
    /// There is no integrity check: a wrong key, tweak or ciphertext yields a different numeral
    /// string, not an error. Throws `CryptoError` `.invalidParameter` exactly as `encrypt` does.
    public static func decrypt<Numeral: FixedWidthInteger & UnsignedInteger>(
        _ numerals: [Numeral], radix: Int, key: SymmetricKey, tweak: [UInt8]
    ) throws -> [Numeral] {
        try crypt(numerals, radix: radix, key: key, tweak: tweak, encrypting: false)
    }

    /// Encrypts `text`, whose Unicode scalars are numerals: scalar k of `alphabet` is the digit k.
    ///
    /// Same contract as the numeral form, with radix = the number of scalars in `alphabet`. Scalars
    /// are compared exactly (no Unicode normalisation), so the output always decodes again. Throws
    /// `.invalidParameter` for an alphabet that repeats a scalar or has a size outside 2...65536, or
    /// for text with a scalar outside it; the reason never quotes the text.
    /// Throws `CryptoError`.
    public static func encrypt(_ text: String, alphabet: String, key: SymmetricKey, tweak: [UInt8])
        throws -> String
    {
        try crypt(text, alphabet: alphabet, key: key, tweak: tweak, encrypting: true)
    }

    /// Decrypts `text` over `alphabet`; the inverse of `encrypt(_:alphabet:key:tweak:)`, unauthenticated.
    /// Throws `CryptoError`.
    public static func decrypt(_ text: String, alphabet: String, key: SymmetricKey, tweak: [UInt8])
        throws -> String
    {
        try crypt(text, alphabet: alphabet, key: key, tweak: tweak, encrypting: false)
    }

    /// The shortest input the original SP 800-38G allows: radix^minlen >= 100 and minlen >= 2.
    static func minimumLength(radix: Int) -> Int {
        var length = 2
        var domain = radix * radix
        while domain < 100 {
            domain *= radix
            length += 1
        }
        return length
    }

    private static func crypt<Numeral: FixedWidthInteger & UnsignedInteger>(
        _ numerals: [Numeral], radix: Int, key: SymmetricKey, tweak: [UInt8], encrypting: Bool
    ) throws(CryptoError) -> [Numeral] {
        try checkRadix(radix)
        guard let largest = Numeral(exactly: radix - 1) else {
            throw CryptoError(.invalidParameter, "FF1 radix \(radix) has numerals wider than \(Numeral.self)")
        }
        try checkLengths(numerals.count, radix: radix, tweak: tweak)
        var digits = [UInt16]()
        defer { wipe(&digits) }
        digits.reserveCapacity(numerals.count)
        for numeral in numerals {
            guard numeral <= largest else {
                throw CryptoError(.invalidParameter, "an FF1 numeral is not below the radix \(radix)")
            }
            digits.append(UInt16(truncatingIfNeeded: numeral))
        }
        var output = try FF1Engine.run(digits, radix: radix, key: key, tweak: tweak, encrypting: encrypting)
        defer { wipe(&output) }
        return output.map { Numeral(truncatingIfNeeded: $0) }
    }

    private static func crypt(
        _ text: String, alphabet: String, key: SymmetricKey, tweak: [UInt8], encrypting: Bool
    ) throws(CryptoError) -> String {
        let scalars = Array(alphabet.unicodeScalars)
        try checkRadix(scalars.count)
        var digitOf: [Unicode.Scalar: UInt16] = [:]
        digitOf.reserveCapacity(scalars.count)
        for (digit, scalar) in scalars.enumerated() where digitOf.updateValue(UInt16(digit), forKey: scalar) != nil {
            throw CryptoError(.invalidParameter, "an FF1 alphabet must not repeat a character")
        }
        var digits = [UInt16]()
        defer { wipe(&digits) }
        // Reserved up front so appending never leaves an unwiped smaller buffer behind.
        digits.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let digit = digitOf[scalar] else {
                throw CryptoError(.invalidParameter, "the FF1 text has a character outside the alphabet")
            }
            digits.append(digit)
        }
        try checkLengths(digits.count, radix: scalars.count, tweak: tweak)
        var output = try FF1Engine.run(digits, radix: scalars.count, key: key, tweak: tweak, encrypting: encrypting)
        defer { wipe(&output) }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: output.lazy.map { scalars[Int($0)] })
        return String(result)
    }

    private static func checkRadix(_ radix: Int) throws(CryptoError) {
        guard radixRange.contains(radix) else {
            throw CryptoError(.invalidParameter, "FF1 needs a radix in 2...65536, got \(radix)")
        }
    }

    private static func checkLengths(_ count: Int, radix: Int, tweak: [UInt8]) throws(CryptoError) {
        let minimum = minimumLength(radix: radix)
        guard count >= minimum, count <= maximumLength else {
            throw CryptoError(
                .invalidParameter, "FF1 in radix \(radix) needs \(minimum)...\(maximumLength) numerals, got \(count)")
        }
        guard tweak.count <= maximumLength else {
            throw CryptoError(.invalidParameter, "an FF1 tweak must be at most \(maximumLength) bytes")
        }
    }

    /// Wipes numerals derived from the plaintext; copies Swift made earlier are out of reach.
    private static func wipe(_ digits: inout [UInt16]) {
        digits.withUnsafeMutableBytes { bytes in
            if let base = bytes.baseAddress { SecureMemory.cleanse(base, count: bytes.count) }
        }
    }
}
