/// A typed payee or debtor account in one canonical text form, `scheme:identifier`.
///
/// | scheme | identifier rule | example |
/// | --- | --- | --- |
/// | `iban` | ISO 13616: 2 letters A-Z, 2 check digits, 11-30 of A-Z 0-9 (15-34 in all), upper case, no spaces, ISO 7064 mod-97 remainder 1 | `iban:DE89370400440532013000` |
/// | `card` | 12-19 digits with a valid Luhn check digit (every scheme, UnionPay `62` included) | `card:6212345678901232` |
/// | `account` | an optional bank code of 1-11 of A-Z 0-9 (a BIC or national code) and `/`, then 1-34 of A-Z 0-9 | `account:ICBKCNBJ/6222020200112233` |
/// | `wallet` | 1-64 of a-z 0-9 `.` `_` `-`, starting with a-z or 0-9 | `wallet:acme-payouts.eu` |
///
/// Security contract: exactly one spelling is accepted for each account (no lower-case IBAN, no
/// spaces or dashes, no look-alike characters: every identifier is ASCII), and the checksums
/// catch a mistyped digit. Equality and hashing are on the canonical bytes, never `String ==`,
/// so allow-lists compare what the payload pays. A checksum is not an authorisation: a valid IBAN
/// can still belong to the wrong person; only the policy's allow-list says whose it is. Card
/// numbers are shown in full on the review screen because the person must check them; treat
/// payload files that pay cards as card data.
public struct PaymentAccount: Sendable, Hashable, CustomStringConvertible {
    /// The kind of account; the set is closed so that no caller can add an unchecked scheme.
    public enum Scheme: String, Sendable {
        /// An IBAN (ISO 13616), mod-97 checked.
        case iban
        /// A payment card number, Luhn checked.
        case card
        /// A bank account number without an IBAN, optionally after its bank code.
        case account
        /// A wallet ID of the operator's own wallet system.
        case wallet
    }

    /// The kind of account.
    public let scheme: Scheme
    /// The canonical identifier (see the table in the type's documentation).
    public let identifier: String

    /// Parses `scheme:identifier`; throws `.invalidFile` for an unknown scheme or any identifier
    /// that is not canonical or fails its checksum.
    package init(canonical text: String) throws(SignerError) {
        let utf8 = text.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")),
            let scheme = Scheme(rawValue: String(decoding: utf8[..<colon], as: UTF8.self)),
            // Scheme(rawValue:) compares with String ==; re-check the bytes.
            utf8[..<colon].elementsEqual(scheme.rawValue.utf8)
        else {
            throw SignerError(.invalidFile, "an account must start with iban:, card:, account: or wallet:")
        }
        try self.init(scheme: scheme, identifier: String(decoding: utf8[utf8.index(after: colon)...], as: UTF8.self))
    }

    /// Checks `identifier` against the rule of `scheme`; throws `.invalidFile` naming the rule.
    package init(scheme: Scheme, identifier: String) throws(SignerError) {
        let bytes = Array(identifier.utf8)
        let valid =
            switch scheme {
            case .iban: Self.isIBAN(bytes)
            case .card: Self.isCardNumber(bytes)
            case .account: Self.isAccountNumber(bytes)
            case .wallet: Self.isWalletID(bytes)
            }
        guard valid else { throw SignerError(.invalidFile, Self.rule(scheme)) }
        self.scheme = scheme
        self.identifier = identifier
    }

    /// The sentence a refusal gives for `scheme`.
    private static func rule(_ scheme: Scheme) -> String {
        switch scheme {
        case .iban: "an IBAN must be upper-case letters and digits without spaces and pass its mod-97 check"
        case .card: "a card number must be 12 to 19 digits and pass its Luhn check"
        case .account: "an account number must be 1 to 34 of A-Z 0-9, optionally after a bank code of 1 to 11 and /"
        case .wallet: "a wallet ID must be 1 to 64 of a-z 0-9 . _ - starting with a letter or digit"
        }
    }

    /// `scheme:identifier`.
    public var canonical: String { scheme.rawValue + ":" + identifier }

    /// `scheme:identifier`.
    public var description: String { canonical }

    /// Equality of the canonical bytes.
    public static func == (left: PaymentAccount, right: PaymentAccount) -> Bool {
        left.scheme == right.scheme && left.identifier.utf8.elementsEqual(right.identifier.utf8)
    }

    /// Hashes the canonical bytes.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(scheme)
        var identifier = identifier
        identifier.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }

    /// ISO 13616 syntax and the ISO 7064 MOD 97-10 check: the first four characters moved to the
    /// end, letters as 10-35, the number modulo 97 is 1.
    static func isIBAN(_ bytes: [UInt8]) -> Bool {
        guard (15...34).contains(bytes.count), isUpper(bytes[0]), isUpper(bytes[1]), isDigit(bytes[2]),
            isDigit(bytes[3]), bytes[4...].allSatisfy({ isDigit($0) || isUpper($0) })
        else { return false }
        return mod97(bytes[..<4], continuing: mod97(bytes[4...])) == 1
    }

    /// The ISO 7064 MOD 97-10 remainder of digits and letters (A=10 ... Z=35) appended to `start`.
    static func mod97<Bytes: Sequence<UInt8>>(_ bytes: Bytes, continuing start: Int = 0) -> Int {
        var remainder = start
        for byte in bytes {
            remainder =
                isDigit(byte) ? (remainder * 10 + Int(byte - 0x30)) % 97 : (remainder * 100 + Int(byte - 0x37)) % 97
        }
        return remainder
    }

    /// 12 to 19 digits whose Luhn sum is a multiple of 10.
    static func isCardNumber(_ bytes: [UInt8]) -> Bool {
        guard (12...19).contains(bytes.count), bytes.allSatisfy(isDigit) else { return false }
        var sum = 0
        for (position, byte) in bytes.reversed().enumerated() {
            let digit = Int(byte - 0x30)
            sum += position % 2 == 0 ? digit : (digit < 5 ? digit * 2 : digit * 2 - 9)
        }
        return sum % 10 == 0
    }

    /// `[BANK/]NUMBER`: BANK 1-11 and NUMBER 1-34 of A-Z 0-9.
    static func isAccountNumber(_ bytes: [UInt8]) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "/"), maxSplits: 1, omittingEmptySubsequences: false)
        let alphanumeric = { (part: ArraySlice<UInt8>) in part.allSatisfy { isDigit($0) || isUpper($0) } }
        guard let number = parts.last, (1...34).contains(number.count), alphanumeric(number) else { return false }
        return parts.count == 1 || ((1...11).contains(parts[0].count) && alphanumeric(parts[0]))
    }

    /// 1-64 of a-z 0-9 . _ -, the first a letter or digit.
    static func isWalletID(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first, bytes.count <= 64, isLower(first) || isDigit(first) else { return false }
        return bytes.allSatisfy { isLower($0) || isDigit($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }
}
