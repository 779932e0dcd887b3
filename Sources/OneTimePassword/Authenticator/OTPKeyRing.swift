import WalletCrypto

/// The keys an `Authenticator` holds: versioned key-encryption keys that seal OTP secrets at
/// rest, and the key under which recovery codes are hashed.
///
/// Security contract: secrets are sealed with AES-256-GCM (standard profile), or with SM4-GCM under
/// a key derived from the key-encryption key with HKDF-SM3 and recovery codes hashed with
/// HMAC-SM3 (ShangMi profile), under the current version, with the
/// purpose label, the user ID and the key version as associated data, so a sealed secret copied
/// to another user's record, or relabelled with another version, fails to open. Older versions
/// are kept only to open records not yet rewrapped; drop one once `rewrapSecrets` reports zero.
/// The recovery-code key never rotates: rotating it would void every issued recovery code.
public struct OTPKeyRing: Sendable {
    /// The version new secrets are sealed under.
    public let currentVersion: Int
    /// The algorithm profile secrets are sealed and recovery codes hashed with; records of the
    /// other profile are refused.
    public let profile: AlgorithmProfile
    /// The key-encryption keys by version; the audit log's keys are derived from them.
    let keys: [Int: SymmetricKey]
    /// The keys secrets are sealed with: the key-encryption keys themselves (AES-256-GCM), or
    /// 16-byte SM4 keys derived from them (ShangMi).
    private let sealingKeys: [Int: SymmetricKey]
    private let recoveryCodeKey: SymmetricKey

    /// Throws `OTPError` `.invalidParameter` unless every key is 32 bytes, versions are positive and
    /// `currentVersion` is among them, and the recovery-code key has at least 32 bytes.
    public init(currentVersion: Int, keys: [Int: SymmetricKey], recoveryCodeKey: SymmetricKey) throws {
        try self.init(checkedVersion: currentVersion, keys: keys, recoveryCodeKey: recoveryCodeKey, profile: .standard)
    }

    /// A key ring of `profile`. For `.shangMi`, secrets are sealed with SM4-GCM under
    /// HKDF-SM3(key-encryption key, info "WalletCustody-otp-secret-v1 SM4", 16 bytes) and recovery
    /// codes hashed with HMAC-SM3. Throws `OTPError` `.invalidParameter` as the standard initialiser.
    public init(
        currentVersion: Int, keys: [Int: SymmetricKey], recoveryCodeKey: SymmetricKey, profile: AlgorithmProfile
    )
        throws
    {
        try self.init(checkedVersion: currentVersion, keys: keys, recoveryCodeKey: recoveryCodeKey, profile: profile)
    }

    private init(
        checkedVersion currentVersion: Int, keys: [Int: SymmetricKey], recoveryCodeKey: SymmetricKey,
        profile: AlgorithmProfile
    ) throws(OTPError) {
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
        self.profile = profile
        self.recoveryCodeKey = recoveryCodeKey
        sealingKeys =
            profile == .shangMi
            ? keys.mapValues {
                HKDF<SM3>.deriveKey(inputKeyMaterial: $0, salt: [UInt8](), info: Self.sm4KeyInfo, outputByteCount: 16)
            } : keys
    }

    private static let sm4KeyInfo = Array("WalletCustody-otp-secret-v1 SM4".utf8)

    func seal(_ secret: SecureBytes, user: String) throws(OTPError) -> [UInt8] {
        let key = sealingKeys[currentVersion]!
        let binding = Self.binding(user, currentVersion, profile)
        do {
            return try secret.withUnsafeBytes { secret in
                profile == .shangMi
                    ? Array(try SM4.GCM.seal(secret, using: key, authenticating: binding).combined!)
                    : Array(try AES.GCM.seal(secret, using: key, authenticating: binding).combined!)
            }
        } catch {
            throw OTPError(.storageFailure, "sealing the secret failed: \(error)")
        }
    }

    /// Throws `.invalidParameter` for a record of another profile than this key ring's.
    func checkProfile(of record: OTPFactorRecord) throws(OTPError) {
        guard record.profile == profile else {
            throw OTPError(
                .invalidParameter,
                "the factor is stored under the \(record.profile) profile, but this authenticator uses the \(profile) profile"
            )
        }
    }

    /// Throws `.invalidParameter` for a record of another profile, `.storageFailure` for an
    /// unknown version or a record that does not open.
    func open(_ sealed: [UInt8], version: Int, user: String, profile recorded: AlgorithmProfile) throws(OTPError)
        -> SecureBytes
    {
        guard recorded == profile else {
            throw OTPError(
                .invalidParameter,
                "the secret is sealed under the \(recorded) profile, but this authenticator uses the \(profile) profile"
            )
        }
        guard let key = sealingKeys[version] else {
            throw OTPError(.storageFailure, "the secret is sealed under key version \(version), which is not loaded")
        }
        var plaintext: [UInt8] = []
        defer { plaintext.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        let binding = Self.binding(user, version, profile)
        do {
            if profile == .shangMi {
                try SM4.GCM.open(combined: sealed, using: key, authenticating: binding, into: &plaintext)
            } else {
                try AES.GCM.open(combined: sealed, using: key, authenticating: binding, into: &plaintext)
            }
        } catch {
            throw OTPError(.storageFailure, "the stored secret does not open for this user and key version")
        }
        return SecureBytes(plaintext)
    }

    /// The keyed hash a recovery code is stored as, bound to the user.
    func recoveryCodeHash(_ normalizedCode: String, user: String) -> [UInt8] {
        let message =
            Array("WalletCustody-otp-recovery-v1".utf8) + [0] + Array(user.utf8) + [0] + Array(normalizedCode.utf8)
        if profile == .shangMi {
            return HMAC<SM3>.authenticationCode(for: message, using: recoveryCodeKey).bytes
        }
        return HMAC<SHA256>.authenticationCode(for: message, using: recoveryCodeKey).bytes
    }

    /// The associated data: label, version, user. The ShangMi label differs, so a record can never
    /// open under the other profile even with equal key bytes.
    private static func binding(_ user: String, _ version: Int, _ profile: AlgorithmProfile) -> [UInt8] {
        let label = profile == .shangMi ? "WalletCustody-otp-secret-v1-sm" : "WalletCustody-otp-secret-v1"
        return Array(label.utf8) + [0] + withUnsafeBytes(of: UInt32(version).bigEndian, Array.init) + Array(user.utf8)
    }
}
