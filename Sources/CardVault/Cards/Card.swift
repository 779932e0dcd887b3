import Foundation

/// A card to tokenise: its number and expiry.
///
/// Security contract: there is deliberately no field for the CVV/CVC or any other
/// card-verification code: PCI DSS requirement 3.3.1 forbids storing sensitive authentication data
/// after authorisation, even encrypted, so the vault has no way to accept it.
public struct Card: Sendable {
    /// The card number.
    public let pan: PrimaryAccountNumber
    /// The expiry month.
    public let expiry: CardExpiry

    /// Checks the number and expiry; throws `VaultError` `.invalidCard` for an expired card at `now`.
    public init(pan: String, expiryMonth: Int, expiryYear: Int, now: Date = Date()) throws {
        self.pan = try PrimaryAccountNumber(pan)
        expiry = try CardExpiry(month: expiryMonth, year: expiryYear)
        guard !expiry.isExpired(at: now) else { throw VaultError(.invalidCard, "the card expired in \(expiry)") }
    }
}
