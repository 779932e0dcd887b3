import Foundation
import WalletCrypto

/// TOTP, RFC 6238: time-based one-time codes.
///
/// Security contract: as `HOTP`, with the counter taken from the time. `match` accepts only steps
/// after `after`, so a caller that stores the returned step never accepts a code twice.
/// Periods other than 30 s and digits other than 6 are ignored by common authenticator apps,
/// which then show codes that never verify; choose them only for apps known to support them.
public struct TOTP: Sendable {
    /// The counter-based generator underneath.
    public let hotp: HOTP
    /// Seconds per step, 1 to 3600.
    public let period: Int
    /// The Unix time at which step 0 starts (RFC 6238's T0).
    public let t0: Int64
    /// ⌊(2^64 − 1) / period⌋, for `timeStep`'s division.
    private let reciprocal: UInt64

    /// Keys a generator. Throws `OTPError` `.invalidParameter` for a short secret, digits outside 6...8 or a
    /// period outside 1...3600 s.
    public init(
        secret: SecureBytes, algorithm: OTPAlgorithm = .sha1, digits: Int = 6, period: Int = 30, t0: Int64 = 0
    ) throws {
        guard (1...3600).contains(period) else {
            throw OTPError(.invalidParameter, "a TOTP period is 1 to 3600 seconds, got \(period)")
        }
        hotp = try HOTP(secret: secret, algorithm: algorithm, digits: digits)
        self.period = period
        self.t0 = t0
        reciprocal = UInt64.max / UInt64(period)
    }

    /// The step that `date` falls in. Throws `OTPError` `.invalidParameter` for a time before T0.
    public func timeStep(at date: Date) throws -> UInt64 {
        let seconds = date.timeIntervalSince1970
        guard seconds >= Double(t0), seconds < 0x1p62 else {
            throw OTPError(.invalidParameter, "the time is before T0 or out of range")
        }
        // Rounds down, as RFC 6238 requires, without a libm call: truncation is floor at or above T0
        // unless T0 is negative, when floor is taken.
        let whole = seconds >= 0 ? Int64(seconds) : Int64(seconds.rounded(.down))
        let elapsed = UInt64(whole - t0)
        return Self.divide(elapsed, by: UInt64(period), reciprocal: reciprocal)
    }

    /// ⌊value / divisor⌋ for value < 2^62, as a multiplication by the reciprocal and one correction:
    /// a 64-bit division by a variable costs tens of cycles, about a tenth of the HMAC a code needs.
    /// The high half of value × ⌊(2^64−1)/divisor⌋ is the quotient or one less.
    static func divide(_ value: UInt64, by divisor: UInt64, reciprocal: UInt64) -> UInt64 {
        var quotient = value.multipliedFullWidth(by: reciprocal).high
        if value - quotient * divisor >= divisor { quotient += 1 }
        return quotient
    }

    /// The code at `date`.
    /// Throws `OTPError`.
    public func code(at date: Date) throws -> String {
        hotp.code(counter: try timeStep(at: date))
    }

    /// The step within `window` of `date`'s step, and after `after` when given, whose code is
    /// `code`; nil when none is. Every step in the window is computed and compared, whichever
    /// matches. Throws `OTPError` `.invalidCode` for a malformed code.
    public func match(_ code: String, at date: Date, window: OTPWindow = .standard, after: UInt64? = nil)
        throws -> UInt64?
    {
        let candidate = try OTPCode(code, digits: hotp.digits)
        let now = try timeStep(at: date)
        let first = now - min(now, UInt64(window.behind))
        var matched: UInt64?
        hotp.mac.withSession { session in
            for step in first...(now + UInt64(window.ahead)) {
                let isMatch = candidate.matches(hotp.value(session, counter: step), digits: hotp.digits)
                if isMatch && matched == nil && after.map({ step > $0 }) ?? true { matched = step }
            }
        }
        return matched
    }
}
