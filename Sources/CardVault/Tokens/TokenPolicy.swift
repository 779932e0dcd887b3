/// How a tenant's tokens look and behave.
///
/// Security contract: `reuseExistingToken` makes equal PANs map to one token through a keyed
/// fingerprint (HMAC under the tenant's key, never a plain hash: PCI DSS 3.5.1.1); turning it off
/// gives every tokenisation a fresh token, so tokens cannot be linked. `keepFirstSix` reveals the
/// IIN in the token, as PCI DSS allows, at the cost of six fewer random digits.
public struct TokenPolicy: Sendable, Equatable {
    /// The token format.
    public enum Format: String, Sendable {
        /// Random digits, Luhn-failing (default).
        case random
        /// Vaultless FF1 (NIST SP 800-38G) over the hidden digits, when the domain is at least 10^6.
        case ff1
    }

    /// Whether the same PAN returns its existing token.
    public var reuseExistingToken: Bool
    /// Whether tokens keep the PAN's first six digits.
    public var keepFirstSix: Bool
    /// Random or FF1 tokens.
    public var format: Format

    /// Random tokens keeping only the last four, one token per PAN.
    public init(reuseExistingToken: Bool = true, keepFirstSix: Bool = false, format: Format = .random) {
        self.reuseExistingToken = reuseExistingToken
        self.keepFirstSix = keepFirstSix
        self.format = format
    }
}
