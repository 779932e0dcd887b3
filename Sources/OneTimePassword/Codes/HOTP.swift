import WalletCrypto

/// HOTP, RFC 4226: counter-based one-time codes.
///
/// Security contract: the secret is keyed into HMAC once, here, and is held only by OpenSSL's
/// prepared context and the caller's `SecureBytes`. Codes compare in constant time. This type
/// keeps no state: replay protection (each counter accepted once) is the caller's or
/// `Authenticator`'s job. Six digits give 1 in 10^6 per guess, so verification must be throttled.
public struct HOTP: Sendable {
    /// The HMAC hash.
    public let algorithm: OTPAlgorithm
    /// The code length, 6 to 8.
    public let digits: Int
    let mac: OTPMAC

    /// 128 bits, RFC 4226's minimum (R6); `Authenticator` makes 160-bit secrets, its recommendation.
    public static let minimumSecretByteCount = 16

    /// Keys a generator. Throws `OTPError` `.invalidParameter` for a secret under 16 bytes or digits outside 6...8.
    public init(secret: SecureBytes, algorithm: OTPAlgorithm = .sha1, digits: Int = 6) throws {
        guard secret.count >= Self.minimumSecretByteCount else {
            throw OTPError(
                .invalidParameter,
                "an OTP secret must be at least \(Self.minimumSecretByteCount) bytes, got \(secret.count)")
        }
        guard (6...8).contains(digits) else {
            throw OTPError(.invalidParameter, "an OTP code has 6 to 8 digits, got \(digits)")
        }
        self.algorithm = algorithm
        self.digits = digits
        mac = OTPMAC(algorithm, secret: SymmetricKey(secret))
    }

    /// The code for `counter`, zero-padded to `digits`.
    public func code(counter: UInt64) -> String {
        OTPCode.text(value(counter: counter), digits: digits)
    }

    /// Whether `code` is the code for `counter`. Throws `OTPError` `.invalidCode` when `code` is not exactly
    /// `digits` ASCII digits, so a malformed code is told apart from a wrong one.
    public func isValid(_ code: String, counter: UInt64) throws -> Bool {
        let candidate = try OTPCode(code, digits: digits)
        return candidate.matches(value(counter: counter), digits: digits)
    }

    func value(counter: UInt64) -> UInt32 {
        reduce(mac.truncatedValue(counter: counter))
    }

    /// The code for `counter` as a number, on a context lent by `mac.withSession`.
    func value(_ session: borrowing HMACSession, counter: UInt64) -> UInt32 {
        reduce(mac.truncatedValue(session, counter: counter))
    }

    private func reduce(_ value: UInt32) -> UInt32 {
        // Constant divisors compile to multiplications (see `TOTP.timeStep`).
        switch digits {
        case 6: return value % 1_000_000
        case 7: return value % 10_000_000
        default: return value % 100_000_000
        }
    }
}
