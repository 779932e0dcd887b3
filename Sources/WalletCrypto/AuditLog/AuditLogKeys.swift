/// The keys of an audit log, derived from a service's KEKs (never stored anywhere): per KEK version
/// v, an entry-MAC key HKDF-SHA-256(KEK_v, info "WalletCustody-audit-mac-v1" 0x00 origin) and an
/// Ed25519 checkpoint key whose seed is HKDF-SHA-256(KEK_v, info
/// "WalletCustody-audit-checkpoint-v1" 0x00 origin).
///
/// Security contract: without a KEK nobody can forge an entry MAC or a checkpoint, so a database
/// writer cannot recompute the log. The origin separates the vault's log from the
/// Authenticator's even under one KEK. Rotating the KEK rotates both keys; entries record their
/// version, and checkpoints are signed under every loaded version, so a verifier holding an old
/// public key sees the new one appear in a checkpoint it can already check.
public struct AuditLogKeys: Sendable {
    /// The log's origin.
    public let origin: String
    /// The version new entries are authenticated under.
    public let currentVersion: Int
    private let macKeys: [Int: HMACKey<SHA256>]
    private let signers: [Int: NoteSigner]

    /// Derives the keys for every version in `keys`. Throws `CryptoError` `.invalidParameter` for an invalid
    /// origin or a `currentVersion` not in `keys`.
    public init(origin: String, keys: [Int: SymmetricKey], currentVersion: Int) throws {
        guard NoteVerifier.isValidName(origin), keys[currentVersion] != nil else {
            throw CryptoError(.invalidParameter, "an audit log needs a valid origin and its current key")
        }
        self.origin = origin
        self.currentVersion = currentVersion
        var macKeys: [Int: HMACKey<SHA256>] = [:]
        var signers: [Int: NoteSigner] = [:]
        for (version, key) in keys {
            macKeys[version] = HMACKey(Self.derive(key, "mac", origin))
            let seed = Self.derive(key, "checkpoint", origin)
            let privateKey = try seed.withUnsafeBytes { try AsymmetricPrivateKey<Ed25519>(rawRepresentation: $0) }
            signers[version] = try NoteSigner(name: origin, privateKey: privateKey)
        }
        self.macKeys = macKeys
        self.signers = signers
    }

    private static func derive(_ key: SymmetricKey, _ purpose: String, _ origin: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key, salt: [UInt8](),
            info: Array("WalletCustody-audit-\(purpose)-v1".utf8) + [0] + Array(origin.utf8), outputByteCount: 32)
    }

    /// The public keys of every loaded version, newest first: what an auditor needs.
    public var verifiers: [NoteVerifier] { signers.sorted { $0.key > $1.key }.map(\.value.verifier) }

    /// The signers of every loaded version, newest first.
    var allSigners: [NoteSigner] { signers.sorted { $0.key > $1.key }.map(\.value) }

    /// HMAC-SHA-256 of `entry` under `version`'s key, or nil when that version is not loaded.
    func mac(_ entry: [UInt8], version: Int) -> [UInt8]? {
        macKeys[version]?.authenticationCode(for: entry).bytes
    }
}
