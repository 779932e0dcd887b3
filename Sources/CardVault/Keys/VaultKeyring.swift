import Foundation
import WalletCrypto

/// The vault's key-encryption keys by version, loaded from key files or custodian components.
///
/// Security contract: KEKs only wrap tenant data keys (AES-256-GCM, or SM4-GCM in the ShangMi
/// profile, bound to tenant and version); they never touch a PAN. The vault stores a check value per version (HMAC-SHA-256 of a fixed
/// label, 16 bytes), so a wrong key or a wrong combination of components is refused before use.
public struct VaultKeyring: Sendable {
    let keys: [Int: SymmetricKey]
    /// The vault's algorithm profile: AES-256-GCM and HMAC-SHA-256 (standard), or SM4-GCM, HKDF-SM3
    /// and HMAC-SM3 (ShangMi, `docs/cardvault.md`). A vault refuses a keyring of the other profile.
    public let profile: AlgorithmProfile

    /// Holds `keys` by version. Throws `VaultError` `.invalidParameter` unless every key is 32 bytes and versions are positive.
    public init(_ keys: [Int: SymmetricKey]) throws {
        try self.init(checked: keys, profile: .standard)
    }

    /// Holds `keys` by version for a vault of `profile`. Throws `VaultError` `.invalidParameter`
    /// unless every key is 32 bytes and versions are positive.
    public init(_ keys: [Int: SymmetricKey], profile: AlgorithmProfile) throws {
        try self.init(checked: keys, profile: profile)
    }

    init(checked keys: [Int: SymmetricKey], profile: AlgorithmProfile) throws(VaultError) {
        guard !keys.isEmpty, keys.keys.allSatisfy({ $0 > 0 }), keys.values.allSatisfy({ $0.byteCount == 32 }) else {
            throw VaultError(.invalidParameter, "vault KEKs are 32 bytes under positive versions")
        }
        self.keys = keys
        self.profile = profile
    }

    /// The newest version.
    public var currentVersion: Int { keys.keys.max()! }

    /// Reads a plaintext KEK file written by `writeInsecurePlaintextKeyFile`. The key is in the
    /// clear in that file: for tests and development only; production uses a `KeySource`.
    /// Throws `VaultError`.
    public static func readInsecurePlaintextKeyFile(_ path: String) throws -> SymmetricKey {
        do {
            let text = String(decoding: try AtomicFile.read(path, limit: 4096), as: UTF8.self)
            let bytes = try PEM.decode(label: "WALLETCUSTODY VAULT KEK", text)
            guard bytes.count == 32 else { throw VaultError(.invalidParameter, "a vault KEK file holds 32 bytes") }
            return SymmetricKey(data: bytes)
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError(.invalidParameter, "cannot read the KEK file \(path): \(error)")
        }
    }

    /// Writes `key` IN THE CLEAR (base64 PEM, mode 0600, atomically): anyone who can read the file
    /// has the KEK. For tests and development only; production keys come from a `KeySource`
    /// (encrypted key file, custodian components, or a platform-mounted secret).
    /// Throws `VaultError`.
    public static func writeInsecurePlaintextKeyFile(_ key: SymmetricKey, to path: String) throws {
        do {
            try AtomicFile.write(
                Array(PEM.encode(label: "WALLETCUSTODY VAULT KEK", key.withUnsafeBytes { Array($0) }).utf8), to: path)
        } catch {
            throw VaultError(.storageFailure, "cannot write the KEK file \(path): \(error.reason)")
        }
    }

    /// The check value of `key` in `profile`: the first 16 bytes of HMAC-SHA-256 (or HMAC-SM3) of a
    /// label. The labels differ, so a check value also says which profile the vault was made in.
    static func checkValue(_ key: SymmetricKey, profile: AlgorithmProfile) -> [UInt8] {
        if profile == .shangMi {
            let label = Array("WalletCustody-vault-kek-check-v1-sm".utf8)
            return Array(HMAC<SM3>.authenticationCode(for: label, using: key).bytes.prefix(16))
        }
        let label = Array("WalletCustody-vault-kek-check-v1".utf8)
        return Array(HMAC<SHA256>.authenticationCode(for: label, using: key).bytes.prefix(16))
    }

    /// The check value of `key` in this keyring's profile.
    func checkValue(_ key: SymmetricKey) -> [UInt8] { Self.checkValue(key, profile: profile) }

    /// The key that wraps data keys: the KEK itself (AES-256-GCM), or an SM4 key derived from it.
    private func wrappingKey(_ kek: SymmetricKey) -> SymmetricKey {
        guard profile == .shangMi else { return kek }
        return HKDF<SM3>.deriveKey(
            inputKeyMaterial: kek, salt: [UInt8](), info: Array("WalletCustody-vault-dek-v1 SM4".utf8),
            outputByteCount: 16)
    }

    func wrap(_ dataKey: SymmetricKey, tenant: String, version: Int) throws(VaultError) -> [UInt8] {
        guard let kek = keys[version] else {
            throw VaultError(.invalidParameter, "KEK version \(version) is not loaded")
        }
        let key = wrappingKey(kek)
        let binding = Self.binding(tenant, version, profile)
        do {
            return try dataKey.withUnsafeBytes {
                profile == .shangMi
                    ? Array(try SM4.GCM.seal($0, using: key, authenticating: binding).combined!)
                    : Array(try AES.GCM.seal($0, using: key, authenticating: binding).combined!)
            }
        } catch {
            throw VaultError(.storageFailure, "wrapping a data key failed")
        }
    }

    func unwrap(_ wrapped: [UInt8], tenant: String, version: Int) throws(VaultError) -> SymmetricKey {
        guard let kek = keys[version] else {
            throw VaultError(
                .invalidParameter, "the data key is wrapped under KEK version \(version), which is not loaded")
        }
        var plain: [UInt8] = []
        defer { PrimaryAccountNumber.wipe(&plain) }
        let key = wrappingKey(kek)
        let binding = Self.binding(tenant, version, profile)
        do {
            if profile == .shangMi {
                try SM4.GCM.open(combined: wrapped, using: key, authenticating: binding, into: &plain)
            } else {
                try AES.GCM.open(combined: wrapped, using: key, authenticating: binding, into: &plain)
            }
        } catch {
            throw VaultError.authenticationFailure
        }
        return SymmetricKey(data: plain)
    }

    private static func binding(_ tenant: String, _ version: Int, _ profile: AlgorithmProfile) -> [UInt8] {
        let label = profile == .shangMi ? "WalletCustody-vault-dek-v1-sm" : "WalletCustody-vault-dek-v1"
        return Array(label.utf8) + [0] + withUnsafeBytes(of: UInt32(version).bigEndian, Array.init)
            + Array(tenant.utf8)
    }
}
