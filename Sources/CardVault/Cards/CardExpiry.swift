import Foundation

/// A card's expiry month.
///
/// Security contract: not secret, but validated: month 1-12, year 2000-2099. A card is valid
/// through the last second of its expiry month (UTC).
public struct CardExpiry: Sendable, Hashable, CustomStringConvertible {
    /// 1-12.
    public let month: Int
    /// Four digits.
    public let year: Int

    /// Throws `VaultError` `.invalidCard` outside month 1-12 or year 2000-2099; a two-digit year means 20YY.
    public init(month: Int, year: Int) throws {
        let fullYear = (0...99).contains(year) ? 2000 + year : year
        guard (1...12).contains(month), (2000...2099).contains(fullYear) else {
            throw VaultError(.invalidCard, "an expiry is a month 1-12 and a year 2000-2099")
        }
        self.month = month
        self.year = fullYear
    }

    /// The first second after the expiry month, UTC.
    public var end: Date {
        var components = DateComponents()
        components.year = month == 12 ? year + 1 : year
        components.month = month == 12 ? 1 : month + 1
        components.day = 1
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)!
    }

    /// Whether the card has expired at `date`.
    public func isExpired(at date: Date) -> Bool { date >= end }

    /// MM/YY.
    public var description: String { String(format: "%02d/%02d", month, year % 100) }
}
