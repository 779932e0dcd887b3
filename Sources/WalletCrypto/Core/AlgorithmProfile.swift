/// The algorithm profile of a stored or transported format: the standard algorithms, or the
/// Chinese national algorithms (ShangMi) that GB/T 39786 deployments must use.
///
/// Security contract: a file records its profile in bytes that are authenticated (the key file's
/// header is associated data; a stream's header is bound into its payload key), and a reader
/// states the profile it requires, so a deployment bound to one profile is never handed data
/// protected by the other; a mismatch is refused before any key is derived. A profile names which
/// algorithms protect the data, not how strong a passphrase or key is. Formats list their profiles
/// in `docs/spec/` (`keyfile-v1`: scrypt + ChaCha20-Poly1305, or SM4-GCM under PBKDF2-HMAC-SM3 or
/// scrypt; `stream-v1`: AES-256-GCM with HKDF-SHA256, or SM4-GCM with HKDF-SM3).
public struct AlgorithmProfile: Sendable, Hashable, CustomStringConvertible {
    /// The identifier the formats store: 1 standard, 2 ShangMi.
    let id: UInt8

    /// The formats' original algorithms: every file written before the ShangMi profile existed.
    public static let standard = AlgorithmProfile(id: 1)
    /// The Chinese national algorithms: SM4-GCM, SM3-based key derivation.
    public static let shangMi = AlgorithmProfile(id: 2)

    /// "standard" or "ShangMi".
    public var description: String { id == 1 ? "standard" : "ShangMi" }

    /// The number a store keeps for this profile: 1 standard, 2 ShangMi.
    public var storageIdentifier: Int { Int(id) }

    /// The profile a store recorded, or nil for an unknown number.
    public init?(storageIdentifier: Int) {
        guard storageIdentifier == 1 || storageIdentifier == 2 else { return nil }
        id = UInt8(storageIdentifier)
    }

    init(id: UInt8) { self.id = id }
}
