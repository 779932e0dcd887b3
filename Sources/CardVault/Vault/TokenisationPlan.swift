import WalletCrypto

/// The part of tokenising a batch that needs no lock: the tenant's keys, each card's fingerprint,
/// a proposed token for each card, and the card sealed into a new record under that token. Made
/// before the store's transaction, so the transaction holds the database only for the lookups
/// and writes.
struct TokenisationPlan {
    let keys: TenantKeys
    let fingerprints: [[UInt8]?]
    let proposals: [String]
    /// `cards[i]` sealed for `proposals[i]`.
    let records: [TokenRecord]

    init(_ cards: [Card], keys: TenantKeys, now: Int64) throws(VaultError) {
        self.keys = keys
        let fingerprints = cards.map { keys.policy.reuseExistingToken ? keys.fingerprint($0.pan) : nil }
        let proposals = try cards.map { (card) throws(VaultError) -> String in
            let random = TokenFormat.random(for: card.pan, keepFirstSix: keys.policy.keepFirstSix)
            return keys.policy.format == .ff1 ? try keys.ff1Token(card.pan) ?? random : random
        }
        self.fingerprints = fingerprints
        self.proposals = proposals
        records = try cards.indices.map { (index) throws(VaultError) in
            try Self.record(
                cards[index], token: proposals[index], fingerprint: fingerprints[index], keys: keys, now: now)
        }
    }

    /// `card` sealed into a new record for `token`, binding every stored field.
    static func record(_ card: Card, token: String, fingerprint: [UInt8]?, keys: TenantKeys, now: Int64)
        throws(VaultError) -> TokenRecord
    {
        var record = TokenRecord(
            token: token, tenant: keys.tenant, sealed: [], dataKeyVersion: 1, fingerprint: fingerprint,
            brand: card.pan.brand, length: card.pan.count,
            firstSix: keys.policy.keepFirstSix ? card.pan.firstSix : nil, lastFour: card.pan.lastFour,
            expiry: card.expiry, expiresAt: Int64(card.expiry.end.timeIntervalSince1970), createdAt: now)
        try keys.seal(card.pan, into: &record)
        return record
    }
}
