import WalletCrypto

/// The keys an `Authenticator` holds: versioned key-encryption keys that seal OTP secrets at
/// rest, and the key under which recovery codes are hashed.
///
/// Security contract: secrets are sealed with AES-256-GCM under the current version, with the
/// purpose label, the user ID and the key version as associated data, so a sealed secret copied
/// to another user's record, or relabelled with another version, fails to open. Older versions
/// are kept only to open records not yet rewrapped; drop one once `rewrapSecrets` reports zero.
/// The recovery-code key never rotates: rotating it would void every issued recovery code.
public struct OTPKeyRing: Sendable {
    /// The version new secrets are sealed under.
    public let currentVersion: Int
    /// The key-encryption keys by version; the audit log's keys are derived from them.
    let keys: [Int: SymmetricKey]
    private let recoveryCodeKey: HMACKey<SHA256>

    /// Throws `OTPError` `.invalidParameter` unless every key is 32 bytes, versions are positive and
    /// `currentVersion` is among them, and the recovery-code key has at least 32 bytes.
    public init(currentVersion: Int, keys: [Int: SymmetricKey], recoveryCodeKey: SymmetricKey) throws {
        guard keys[currentVersion] != nil, keys.keys.allSatisfy({ $0 > 0 }),
            keys.values.allSatisfy({ $0.byteCount == 32 }), recoveryCodeKey.byteCount >= 32
        else {
            throw OTPError(
                .invalidParameter,
                "key-encryption keys are 32 bytes under positive versions including the current one, and the recovery-code key has at least 32 bytes"
            )
        }
        self.currentVersion = currentVersion
        self.keys = keys
        self.recoveryCodeKey = HMACKey(recoveryCodeKey)
    }

    func seal(_ secret: SecureBytes, user: String) throws(OTPError) -> [UInt8] {
        do {
            let box = try secret.withUnsafeBytes { secret in
                try AES.GCM.seal(
                    secret, using: keys[currentVersion]!, authenticating: Self.binding(user, currentVersion))
            }
            return Array(box.combined!)
        } catch {
            throw OTPError(.storageFailure, "sealing the secret failed: \(error)")
        }
    }

    /// Throws `.storageFailure` for an unknown version or a record that does not open.
    func open(_ sealed: [UInt8], version: Int, user: String) throws(OTPError) -> SecureBytes {
        guard let key = keys[version] else {
            throw OTPError(.storageFailure, "the secret is sealed under key version \(version), which is not loaded")
        }
        var plaintext: [UInt8] = []
        defer { plaintext.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        do {
            try AES.GCM.open(
                combined: sealed, using: key, authenticating: Self.binding(user, version), into: &plaintext)
        } catch {
            throw OTPError(.storageFailure, "the stored secret does not open for this user and key version")
        }
        return SecureBytes(plaintext)
    }

    /// The keyed hash a recovery code is stored as, bound to the user.
    func recoveryCodeHash(_ normalizedCode: String, user: String) -> [UInt8] {
        let message =
            Array("WalletCustody-otp-recovery-v1".utf8) + [0] + Array(user.utf8) + [0] + Array(normalizedCode.utf8)
        return recoveryCodeKey.authenticationCode(for: message).bytes
    }

    private static func binding(_ user: String, _ version: Int) -> [UInt8] {
        Array("WalletCustody-otp-secret-v1".utf8) + [0] + withUnsafeBytes(of: UInt32(version).bigEndian, Array.init)
            + Array(user.utf8)
    }
}
