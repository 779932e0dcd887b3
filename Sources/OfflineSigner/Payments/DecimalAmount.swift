/// A canonical non-negative decimal amount, held exactly.
///
/// Canonical text: ASCII digits, then optionally `.` and 1 to 5 fraction digits; no sign, no
/// exponent, no grouping, no spaces, no leading zeros except a single `0` integer part, no
/// trailing `.`, at most 18 integer digits. These are ISO 20022's `ActiveOrHistoricCurrencyAndAmount`
/// limits (5 fraction digits, 18 total digits) tightened to one spelling per written form, so
/// `"01.00"`, `"1."`, `".5"`, `"+1"`, `"1e3"`, `"1,00"` and `" 1"` are refused instead of being
/// read differently by two programs.
///
/// Security contract: the value is exact (no floating point), and arithmetic refuses overflow
/// instead of wrapping. Equality, hashing and ordering are numeric: `1.5 == 1.50`, although their
/// `text` differs; compare `text` bytes when the spelling matters.
public struct DecimalAmount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The canonical text exactly as given, or for a sum the canonical text with the larger
    /// fraction digit count of its terms (written on demand: sums of large batches are never
    /// formatted until shown).
    public var text: String { spelled ?? Self.format(scaled, fractionDigits: fractionDigits) }
    private let spelled: String?
    /// The value times 10^8, the scale `RequestSummary` amounts use (8 fraction digits).
    public let scaled: UInt128
    /// How many fraction digits `text` has (0 to 5).
    public let fractionDigits: Int

    /// Fraction digits a canonical amount may have.
    public static let maximumFractionDigits = 5
    /// Integer digits a canonical amount may have.
    public static let maximumIntegerDigits = 18
    /// `scaled` uses this many fraction digits.
    public static let scale = 8

    /// Zero, written `0`.
    public static let zero = DecimalAmount(spelled: "0", scaled: 0, fractionDigits: 0)

    /// Parses canonical text; throws `.invalidFile` naming the rule for anything else.
    package init(canonical text: String) throws(SignerError) {
        guard let (scaled, fractionDigits) = Self.parse(text.utf8) else {
            throw SignerError(
                .invalidFile,
                "the amount must be a canonical decimal (such as 1250.00: no sign, no leading zeros, "
                    + "at most 18 integer and 5 fraction digits)")
        }
        self.init(spelled: text, scaled: scaled, fractionDigits: fractionDigits)
    }

    private init(spelled: String?, scaled: UInt128, fractionDigits: Int) {
        self.spelled = spelled
        self.scaled = scaled
        self.fractionDigits = fractionDigits
    }

    /// The scaled value and fraction digit count of canonical `bytes`, or nil; no allocation.
    static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> (UInt128, Int)? {
        var integer: UInt128 = 0
        var integerDigits = 0
        var fraction: UInt128 = 0
        var fractionDigits = -1  // -1: no '.' seen
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard fractionDigits < 0, integerDigits > 0 else { return nil }
                fractionDigits = 0
            } else if byte >= 0x30 && byte <= 0x39 {
                let digit = UInt128(byte - 0x30)
                if fractionDigits < 0 {
                    // A leading zero is allowed only as the whole integer part.
                    guard integerDigits < maximumIntegerDigits, !(integerDigits == 1 && integer == 0) else {
                        return nil
                    }
                    integer = integer * 10 + digit
                    integerDigits += 1
                } else {
                    guard fractionDigits < maximumFractionDigits else { return nil }
                    fraction = fraction * 10 + digit
                    fractionDigits += 1
                }
            } else {
                return nil
            }
        }
        guard integerDigits > 0, fractionDigits != 0 else { return nil }
        let digits = max(fractionDigits, 0)
        return (integer * power(scale) + fraction * power(scale - digits), digits)
    }

    private static func power(_ exponent: Int) -> UInt128 {
        var result: UInt128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// The exact sum. Its text has the larger of the two fraction digit counts (`1.5 + 2.25` is
    /// `3.75`, `1.50 + 2.25` is `3.75`, `1 + 2` is `3`); a sum over 18 integer digits throws.
    package func adding(_ other: DecimalAmount) throws(SignerError) -> DecimalAmount {
        let sum = scaled + other.scaled  // cannot overflow: each is below 10^26, far under 2^128
        let limit = Self.power(Self.maximumIntegerDigits + Self.scale)
        guard sum < limit else {
            throw SignerError(.invalidFile, "the amounts add up to more than 18 integer digits")
        }
        let digits = max(fractionDigits, other.fractionDigits)
        return DecimalAmount(spelled: nil, scaled: sum, fractionDigits: digits)
    }

    /// Canonical text of `scaled` with `fractionDigits` digits after the point.
    private static func format(_ scaled: UInt128, fractionDigits: Int) -> String {
        let unit = power(scale)
        let integer = String(scaled / unit)
        guard fractionDigits > 0 else { return integer }
        let fraction = String(scaled % unit + unit).dropFirst()  // 8 digits with leading zeros
        return integer + "." + fraction.prefix(fractionDigits)
    }

    /// Numeric equality.
    public static func == (left: DecimalAmount, right: DecimalAmount) -> Bool { left.scaled == right.scaled }

    /// Hashes the numeric value, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(scaled) }

    /// Numeric order.
    public static func < (left: DecimalAmount, right: DecimalAmount) -> Bool { left.scaled < right.scaled }

    /// The canonical text.
    public var description: String { text }
}
