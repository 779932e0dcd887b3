import WalletCrypto

/// An otpauth:// key URI (the Google Authenticator "Key Uri Format"), made and parsed strictly.
///
/// Security contract: the URI carries the secret, so the text, and any QR code of it, is as
/// secret as the key: show it once at enrolment, never log or cache it. `description` omits the
/// secret. Parsing rejects unknown, duplicate and empty parameters, malformed percent-escapes,
/// non-canonical numbers, a label issuer that disagrees with the `issuer` parameter, colons
/// inside the issuer or account, and out-of-range values, so every accepted URI has one meaning.
/// Digits other than 6, periods other than 30 s and algorithms other than SHA-1 are valid, but
/// common authenticator apps ignore them and then show codes that never verify.
public struct OTPAuthURI: Sendable, Equatable, CustomStringConvertible {
    /// Time-based with its period in seconds, or counter-based with its next counter.
    public enum Kind: Sendable, Equatable {
        /// TOTP with a period of 1...3600 seconds.
        case totp(period: Int)
        /// HOTP starting at `counter`.
        case hotp(counter: UInt64)
    }

    /// TOTP or HOTP, and its period or counter.
    public let kind: Kind
    /// The service the account belongs to, shown by apps above the code.
    public let issuer: String?
    /// The user's account name at the issuer.
    public let account: String
    /// The shared secret.
    public let secret: SecureBytes
    /// The HMAC hash.
    public let algorithm: OTPAlgorithm
    /// The code length, 6 to 8.
    public let digits: Int

    /// Checks and assembles a URI's fields. Throws `OTPError` `.invalidURI` for an empty account, an empty
    /// issuer, a colon in either, or an out-of-range period, and `.invalidParameter` for a short
    /// secret or digits outside 6...8.
    public init(
        kind: Kind = .totp(period: 30), issuer: String?, account: String, secret: SecureBytes,
        algorithm: OTPAlgorithm = .sha1, digits: Int = 6
    ) throws {
        guard !account.isEmpty, issuer.map({ !$0.isEmpty }) ?? true else {
            throw OTPError(.invalidURI, "the account name and the issuer must not be empty")
        }
        guard !account.contains(":"), !(issuer?.contains(":") ?? false) else {
            throw OTPError(.invalidURI, "the account name and the issuer must not contain ':'")
        }
        if case .totp(let period) = kind, !(1...3600).contains(period) {
            throw OTPError(.invalidURI, "the period must be 1 to 3600 seconds, got \(period)")
        }
        _ = try HOTP(secret: secret, algorithm: algorithm, digits: digits)
        self.kind = kind
        self.issuer = issuer
        self.account = account
        self.secret = secret
        self.algorithm = algorithm
        self.digits = digits
    }

    /// Parses `text`. Throws `OTPError` `.invalidURI` naming the defect, or `.invalidBase32` for the secret.
    public init(parsing text: String) throws {
        var rest = Substring(text)
        guard rest.hasPrefix("otpauth://") else { throw Self.invalid("the URI must start with otpauth://") }
        rest = rest.dropFirst("otpauth://".count)
        guard let slash = rest.firstIndex(of: "/") else { throw Self.invalid("the URI has no label") }
        let type = rest[..<slash]
        rest = rest[rest.index(after: slash)...]
        guard !rest.contains("#") else { throw Self.invalid("the URI must not have a fragment") }
        let label: Substring
        let query: Substring
        if let mark = rest.firstIndex(of: "?") {
            label = rest[..<mark]
            query = rest[rest.index(after: mark)...]
        } else {
            label = rest
            query = ""
        }
        let (labelIssuer, account) = try Self.parseLabel(label)
        var parameters = try Self.parseQuery(query)
        guard let secretText = parameters.removeValue(forKey: "secret") else {
            throw Self.invalid("the URI has no secret parameter")
        }
        let issuer = parameters.removeValue(forKey: "issuer")
        // Compared as bytes: "Cafe\u{301}" and "Café" are different issuers to an app that shows them.
        if let issuer, let labelIssuer, !Identifier.equal(issuer, labelIssuer) {
            throw Self.invalid("the label's issuer and the issuer parameter differ")
        }
        let algorithm = try parameters.removeValue(forKey: "algorithm").map { (name) throws(OTPError) in
            guard let algorithm = OTPAlgorithm(rawValue: name) else {
                throw Self.invalid("the algorithm must be SHA1, SHA256 or SHA512")
            }
            return algorithm
        }
        let digits = try parameters.removeValue(forKey: "digits").map { (value) throws(OTPError) in
            try Self.number(value, "digits", in: 6...8)
        }
        let kind: Kind
        switch type {
        case "totp":
            let period = try parameters.removeValue(forKey: "period").map { (value) throws(OTPError) in
                try Self.number(value, "period", in: 1...3600)
            }
            kind = .totp(period: Int(period ?? 30))
        case "hotp":
            guard let counter = parameters.removeValue(forKey: "counter") else {
                throw Self.invalid("an hotp URI needs a counter parameter")
            }
            kind = .hotp(counter: try Self.number(counter, "counter", in: 0...UInt64.max))
        default:
            throw Self.invalid("the type must be totp or hotp")
        }
        if let unexpected = parameters.keys.sorted().first {
            throw Self.invalid("the parameter '\(unexpected)' is unknown or does not belong to this type")
        }
        try self.init(
            kind: kind, issuer: issuer ?? labelIssuer, account: account, secret: try Base32.decode(secretText),
            algorithm: algorithm ?? .sha1, digits: Int(digits ?? 6))
    }

    /// The URI text, as `URL.absoluteString` names it (`enrollment.uri.absoluteString`). It
    /// contains the secret.
    public var absoluteString: String {
        let label = (issuer.map { Self.escape($0) + ":" } ?? "") + Self.escape(account)
        var parameters = ["secret=" + Base32.encode(secret.withUnsafeBytes { Array($0) })]
        if let issuer { parameters.append("issuer=" + Self.escape(issuer)) }
        parameters += ["algorithm=\(algorithm.rawValue)", "digits=\(digits)"]
        switch kind {
        case .totp(let period):
            return "otpauth://totp/\(label)?" + (parameters + ["period=\(period)"]).joined(separator: "&")
        case .hotp(let counter):
            return "otpauth://hotp/\(label)?" + (parameters + ["counter=\(counter)"]).joined(separator: "&")
        }
    }

    /// The URI's fields without the secret, safe to log.
    public var description: String {
        "OTPAuthURI(\(kind), issuer: \(issuer ?? "none"), account: \(account), \(algorithm.rawValue), \(digits) digits)"
    }

    private static func invalid(_ reason: String) -> OTPError { OTPError(.invalidURI, reason) }

    /// "issuer:account" or "account"; spaces may follow the colon, as the format allows.
    private static func parseLabel(_ label: Substring) throws(OTPError) -> (String?, String) {
        let decoded = try unescape(label, "label")
        let parts = decoded.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            return (nil, decoded)
        case 2:
            return (String(parts[0]), String(parts[1].drop(while: { $0 == " " })))
        default:
            throw invalid("the label has more than one ':'")
        }
    }

    private static func parseQuery(_ query: Substring) throws(OTPError) -> [String: String] {
        var parameters: [String: String] = [:]
        guard !query.isEmpty else { return parameters }
        for pair in query.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw invalid("each parameter must be name=value with both parts present")
            }
            let name = String(parts[0])
            // ASCII names only, so the dictionary's String keys compare as bytes.
            guard name.utf8.allSatisfy({ $0 < 0x80 }) else { throw invalid("a parameter name must be ASCII") }
            guard parameters[name] == nil else { throw invalid("the parameter '\(name)' appears twice") }
            parameters[name] = try unescape(parts[1], name)
        }
        return parameters
    }

    /// A decimal in `range` with no sign, spaces or leading zeros.
    private static func number(_ text: String, _ name: String, in range: ClosedRange<UInt64>) throws(OTPError)
        -> UInt64
    {
        guard let value = UInt64(text), String(value) == text, range.contains(value) else {
            throw invalid("the \(name) must be a plain decimal in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// Characters that appear unescaped in a field we write: RFC 3986's unreserved set.
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: true
        default: false
        }
    }

    private static func escape(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if isUnreserved(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }

    /// Percent-decodes `text`, allowing unescaped only unreserved characters, RFC 3986's
    /// sub-delimiters other than `&` and `=`, `:` and `@`; the result must be UTF-8 without controls.
    private static func unescape(_ text: Substring, _ field: String) throws(OTPError) -> String {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == 0x25 {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw invalid("the \(field) has a '%' not followed by two hex digits")
                }
                bytes.append(high << 4 | low)
            } else if isUnreserved(byte) || "!$'()*+,;:@".utf8.contains(byte) {
                bytes.append(byte)
            } else {
                throw invalid("the \(field) has a character that must be percent-encoded")
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self),
            !decoded.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw invalid("the \(field) is not UTF-8 text without control characters") }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
