/// The algorithm profile of a `keyfile-v1` file (`docs/spec/keyfile-v1.md`, "Profiles").
///
/// Security contract: a file records its profile in its authenticated header, and a reader states
/// the profile it requires, so a deployment bound to the national algorithms (GB/T 39786) is never
/// handed a file protected by other algorithms, nor the reverse; a mismatch is refused before any
/// key derivation. The profile says which algorithms protect the file, not how strong the
/// passphrase is.
public struct KeyFileProfile: Sendable, Hashable, CustomStringConvertible {
    let aeadID: UInt8

    /// scrypt and ChaCha20-Poly1305: every file written before the ShangMi profile existed.
    public static let standard = KeyFileProfile(aeadID: 1)
    /// SM4-GCM under a key from PBKDF2-HMAC-SM3 (or scrypt).
    public static let shangMi = KeyFileProfile(aeadID: 2)

    /// "standard" or "ShangMi".
    public var description: String { aeadID == 1 ? "standard" : "ShangMi" }
}
