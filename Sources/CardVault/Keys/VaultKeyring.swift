import Foundation
import WalletCrypto

/// The vault's key-encryption keys by version, loaded from key files or custodian components.
///
/// Security contract: KEKs only wrap tenant data keys (AES-256-GCM, bound to tenant and version);
/// they never touch a PAN. The vault stores a check value per version (HMAC-SHA-256 of a fixed
/// label, 16 bytes), so a wrong key or a wrong combination of components is refused before use.
public struct VaultKeyring: Sendable {
    let keys: [Int: SymmetricKey]

    /// Holds `keys` by version. Throws `VaultError` `.invalidParameter` unless every key is 32 bytes and versions are positive.
    public init(_ keys: [Int: SymmetricKey]) throws {
        guard !keys.isEmpty, keys.keys.allSatisfy({ $0 > 0 }), keys.values.allSatisfy({ $0.byteCount == 32 }) else {
            throw VaultError(.invalidParameter, "vault KEKs are 32 bytes under positive versions")
        }
        self.keys = keys
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

    static func checkValue(_ key: SymmetricKey) -> [UInt8] {
        Array(
            HMAC<SHA256>.authenticationCode(for: Array("WalletCustody-vault-kek-check-v1".utf8), using: key).bytes
                .prefix(16))
    }

    func wrap(_ dataKey: SymmetricKey, tenant: String, version: Int) throws(VaultError) -> [UInt8] {
        guard let kek = keys[version] else {
            throw VaultError(.invalidParameter, "KEK version \(version) is not loaded")
        }
        do {
            return try dataKey.withUnsafeBytes {
                Array(try AES.GCM.seal($0, using: kek, authenticating: Self.binding(tenant, version)).combined!)
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
        do {
            try AES.GCM.open(combined: wrapped, using: kek, authenticating: Self.binding(tenant, version), into: &plain)
        } catch {
            throw VaultError.authenticationFailure
        }
        return SymmetricKey(data: plain)
    }

    private static func binding(_ tenant: String, _ version: Int) -> [UInt8] {
        Array("WalletCustody-vault-dek-v1".utf8) + [0] + withUnsafeBytes(of: UInt32(version).bigEndian, Array.init)
            + Array(tenant.utf8)
    }
}
