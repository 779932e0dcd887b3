import WalletCrypto

/// A tenant's unwrapped data key and the keys derived from it, for one operation.
struct TenantKeys {
    let tenant: String
    let policy: TokenPolicy
    let dataKey: SymmetricKey

    /// HKDF-SHA-256 subkeys, so one wrapped key serves sealing, fingerprints and FF1, and destroying
    /// it shreds all three.
    private func subkey(_ label: String) -> SymmetricKey {
        // 32 bytes is always a valid HKDF-SHA-256 length, the only way deriveKey can throw.
        try! HKDF<SHA256>.deriveKey(
            inputKeyMaterial: dataKey, salt: [UInt8](),
            info: Array("WalletCustody-vault-\(label)-v1".utf8) + Array(tenant.utf8),
            outputByteCount: 32)
    }

    func fingerprint(_ pan: PrimaryAccountNumber) -> [UInt8] {
        pan.withUnsafeDigits { HMAC<SHA256>.authenticationCode(bufferPointer: $0, using: subkey("fingerprint")).bytes }
    }

    func seal(_ pan: PrimaryAccountNumber, token: String, expiresAt: Int64, dataKeyVersion: Int) throws(VaultError)
        -> [UInt8]
    {
        do {
            return try pan.withUnsafeDigits {
                try AES.GCM.seal(
                    $0, using: dataKey, authenticating: binding(token, expiresAt: expiresAt, version: dataKeyVersion)
                ).combined!
            }
        } catch {
            throw VaultError(.storageFailure, "sealing a card failed")
        }
    }

    func open(_ record: TokenRecord) throws(VaultError) -> PrimaryAccountNumber {
        var digits: [UInt8] = []
        defer { PrimaryAccountNumber.wipe(&digits) }
        do {
            try AES.GCM.open(
                combined: record.sealed, using: dataKey,
                authenticating: binding(record.token, expiresAt: record.expiresAt, version: record.dataKeyVersion),
                into: &digits)
        } catch {
            throw VaultError.authenticationFailure
        }
        guard (12...19).contains(digits.count), PrimaryAccountNumber.passesLuhn(digits) else {
            throw VaultError.authenticationFailure
        }
        return PrimaryAccountNumber(checkedDigits: SecureBytes(digits))
    }

    /// The FF1 token, or nil when the domain is too small (`TokenFormat.ff1`).
    func ff1Token(_ pan: PrimaryAccountNumber) throws(VaultError) -> String? {
        try TokenFormat.ff1(pan, key: subkey("ff1"), tweak: Array(tenant.utf8), keepFirstSix: policy.keepFirstSix)
    }

    /// Label ‖ tenant ‖ token ‖ expiry ‖ key version: the stored metadata that matters (expiry, key
    /// version) cannot be changed without the record failing to open.
    private func binding(_ token: String, expiresAt: Int64, version: Int) -> [UInt8] {
        Array("WalletCustody-vault-record-v1".utf8) + [0] + Array(tenant.utf8) + [0] + Array(token.utf8) + [0]
            + withUnsafeBytes(of: expiresAt.bigEndian, Array.init)
            + withUnsafeBytes(of: UInt32(version).bigEndian, Array.init)
    }
}
