/// What may be read about a token without detokenising it.
///
/// Security contract: PCI DSS allows this data in the clear; the masked form shows at most the
/// first six and the last four digits.
public struct TokenMetadata: Sendable, Equatable {
    /// The card brand.
    public let brand: CardBrand
    /// The last four digits.
    public let lastFour: String
    /// The expiry month.
    public let expiry: CardExpiry
    /// The PAN masked, with the first six when the tenant keeps them.
    public let masked: String
    /// When the token expires, in Unix seconds.
    public let expiresAt: Int64
}
