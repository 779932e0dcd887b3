/// A tenant: its token policy and its data key, wrapped under a KEK version.
///
/// Security contract: holds the data key only wrapped (AES-256-GCM under the KEK, or SM4-GCM under
/// a key derived from it with HKDF-SM3 in the ShangMi profile; bound to the tenant and version).
/// Destroying `wrappedDataKey` crypto-shreds every record of the tenant.
public struct TenantRecord: Sendable, Equatable {
    /// The tenant's ID.
    public var id: String
    /// How its tokens look.
    public var policy: TokenPolicy
    /// The data key wrapped under `kekVersion`; nil once shredded.
    public var wrappedDataKey: [UInt8]?
    /// The KEK version wrapping the data key.
    public var kekVersion: Int

    /// Assembles a tenant row; `CardVault` makes them.
    public init(id: String, policy: TokenPolicy, wrappedDataKey: [UInt8]?, kekVersion: Int) {
        self.id = id
        self.policy = policy
        self.wrappedDataKey = wrappedDataKey
        self.kekVersion = kekVersion
    }
}

/// One token and its sealed card.
///
/// Security contract: `sealed` is AES-256-GCM (SM4-GCM in the ShangMi profile) of the PAN digits
/// under the tenant's data key, with every stored field but the creation time as associated data
/// (`docs/cardvault.md`, record format 2); `fingerprint` is an HMAC under the
/// tenant's fingerprint key (never a plain hash), present only for tenants that reuse tokens.
/// Brand, last four, first six (when the tenant keeps them) and expiry are stored in the clear, as
/// PCI DSS allows.
public struct TokenRecord: Sendable, Equatable {
    /// The token.
    public var token: String
    /// The owning tenant.
    public var tenant: String
    /// nonce ‖ ciphertext ‖ tag of the PAN digits.
    public var sealed: [UInt8]
    /// The version of the tenant data key that sealed it.
    public var dataKeyVersion: Int
    /// The keyed fingerprint of the PAN, for token reuse.
    public var fingerprint: [UInt8]?
    /// The card brand.
    public var brand: CardBrand
    /// The PAN's length.
    public var length: Int
    /// The PAN's first six, when the tenant keeps them.
    public var firstSix: String?
    /// The PAN's last four.
    public var lastFour: String
    /// The card's expiry.
    public var expiry: CardExpiry
    /// When the token expires, in Unix seconds.
    public var expiresAt: Int64
    /// When it was made, in Unix seconds.
    public var createdAt: Int64

    /// Assembles a token row; `CardVault` makes them.
    public init(
        token: String, tenant: String, sealed: [UInt8], dataKeyVersion: Int, fingerprint: [UInt8]?, brand: CardBrand,
        length: Int, firstSix: String?, lastFour: String, expiry: CardExpiry, expiresAt: Int64, createdAt: Int64
    ) {
        self.token = token
        self.tenant = tenant
        self.sealed = sealed
        self.dataKeyVersion = dataKeyVersion
        self.fingerprint = fingerprint
        self.brand = brand
        self.length = length
        self.firstSix = firstSix
        self.lastFour = lastFour
        self.expiry = expiry
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }
}
