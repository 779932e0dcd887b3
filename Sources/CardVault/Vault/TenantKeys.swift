import WalletCrypto

/// A tenant's unwrapped data key and the keys derived from it, for one operation.
struct TenantKeys {
    let tenant: String
    let policy: TokenPolicy
    let dataKey: SymmetricKey
    let profile: AlgorithmProfile
    /// Derived once per operation rather than once per card: a batch of 1,000 cards would
    /// otherwise run 1,000 HKDFs for the same key.
    private let fingerprintKey: SymmetricKey
    /// The SM4 record key (ShangMi profile); the standard profile seals under `dataKey` itself.
    private let recordKey: SymmetricKey?

    init(tenant: String, policy: TokenPolicy, dataKey: SymmetricKey, profile: AlgorithmProfile) {
        self.tenant = tenant
        self.policy = policy
        self.dataKey = dataKey
        self.profile = profile
        fingerprintKey = Self.subkey("fingerprint", 32, dataKey: dataKey, tenant: tenant, profile: profile)
        recordKey =
            profile == .shangMi ? Self.subkey("record", 16, dataKey: dataKey, tenant: tenant, profile: profile) : nil
    }

    /// HKDF-SHA-256 (or HKDF-SM3) subkeys, so one wrapped key serves sealing, fingerprints and FF1,
    /// and destroying it shreds all of them.
    private static func subkey(
        _ label: String, _ count: Int, dataKey: SymmetricKey, tenant: String, profile: AlgorithmProfile
    ) -> SymmetricKey {
        let info = Array("WalletCustody-vault-\(label)-v1".utf8) + Array(tenant.utf8)
        if profile == .shangMi {
            return HKDF<SM3>.deriveKey(
                inputKeyMaterial: dataKey, salt: [UInt8](), info: info, outputByteCount: count)
        }
        return HKDF<SHA256>.deriveKey(
            inputKeyMaterial: dataKey, salt: [UInt8](), info: info, outputByteCount: count)
    }

    private func subkey(_ label: String, _ count: Int = 32) -> SymmetricKey {
        Self.subkey(label, count, dataKey: dataKey, tenant: tenant, profile: profile)
    }

    func fingerprint(_ pan: PrimaryAccountNumber) -> [UInt8] {
        let key = fingerprintKey
        if profile == .shangMi {
            return pan.withUnsafeDigits { HMAC<SM3>.authenticationCode(bufferPointer: $0, using: key).bytes }
        }
        return pan.withUnsafeDigits { HMAC<SHA256>.authenticationCode(bufferPointer: $0, using: key).bytes }
    }

    /// Seals the PAN into `record`, binding every other stored field of the record.
    func seal(_ pan: PrimaryAccountNumber, into record: inout TokenRecord) throws(VaultError) {
        let binding = Self.binding(record, profile)
        do {
            record.sealed = try pan.withUnsafeDigits {
                profile == .shangMi
                    ? Array(try SM4.GCM.seal($0, using: recordKey!, authenticating: binding).combined!)
                    : Array(try AES.GCM.seal($0, using: dataKey, authenticating: binding).combined!)
            }
        } catch {
            throw VaultError(.storageFailure, "sealing a card failed")
        }
    }

    /// Opens `record` for this tenant: throws the one `.authenticationFailure` when any stored field
    /// (token, tenant, fingerprint, brand, first six, last four, length, expiry, key version) was
    /// changed or the record was moved to another tenant, and when the visible metadata does not
    /// match the sealed PAN.
    func open(_ record: TokenRecord) throws(VaultError) -> PrimaryAccountNumber {
        var digits: [UInt8] = []
        defer { PrimaryAccountNumber.wipe(&digits) }
        guard record.tenant.utf8.elementsEqual(tenant.utf8) else { throw VaultError.authenticationFailure }
        let binding = Self.binding(record, profile)
        do {
            if profile == .shangMi {
                try SM4.GCM.open(
                    combined: record.sealed, using: recordKey!, authenticating: binding, into: &digits)
            } else {
                try AES.GCM.open(combined: record.sealed, using: dataKey, authenticating: binding, into: &digits)
            }
        } catch {
            throw VaultError.authenticationFailure
        }
        guard (12...19).contains(digits.count), PrimaryAccountNumber.passesLuhn(digits),
            digits.count == record.length, digits.suffix(4).elementsEqual(record.lastFour.utf8)
        else { throw VaultError.authenticationFailure }
        return PrimaryAccountNumber(checkedDigits: SecureBytes(digits))
    }

    /// The FF1 token, or nil when the domain is too small (`TokenFormat.ff1`).
    func ff1Token(_ pan: PrimaryAccountNumber) throws(VaultError) -> String? {
        guard profile == .standard else { throw Self.ff1NotInShangMi }
        return try TokenFormat.ff1(
            pan, key: subkey("ff1"), tweak: Array(tenant.utf8), keepFirstSix: policy.keepFirstSix)
    }

    /// Why a ShangMi-profile vault has no FF1 tokens.
    static let ff1NotInShangMi = VaultError(
        .invalidParameter, "FF1 is defined over AES only; a ShangMi-profile vault issues random tokens")

    /// `docs/cardvault.md` "Record format 2": the label, then every stored field of the record
    /// except the ciphertext and the creation time, each length-prefixed, so that no field can be
    /// edited, and no record moved to another token, tenant or fingerprint, without the record
    /// failing to open.
    static func binding(_ record: TokenRecord, _ profile: AlgorithmProfile = .standard) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(128)
        out += Array((profile == .shangMi ? "WalletCustody-vault-record-v2-sm" : "WalletCustody-vault-record-v2").utf8)
        func length(_ count: Int) {
            out.append(UInt8(truncatingIfNeeded: count >> 8))
            out.append(UInt8(truncatingIfNeeded: count))
        }
        func text(_ value: String) {
            length(value.utf8.count)
            out.append(contentsOf: value.utf8)
        }
        func number(_ value: Int64) {
            var big = value.bigEndian
            withUnsafeBytes(of: &big) { out.append(contentsOf: $0) }
        }
        text(record.tenant)
        text(record.token)
        out.append(record.fingerprint == nil ? 0 : 1)
        length(record.fingerprint?.count ?? 0)
        out.append(contentsOf: record.fingerprint ?? [])
        text(record.brand.rawValue)
        out.append(record.firstSix == nil ? 0 : 1)
        text(record.firstSix ?? "")
        text(record.lastFour)
        number(Int64(record.length))
        number(Int64(record.expiry.month))
        number(Int64(record.expiry.year))
        number(record.expiresAt)
        number(Int64(record.dataKeyVersion))
        return out
    }
}
