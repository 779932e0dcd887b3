/// How a `keyfile-v1` file stretches its passphrase.
///
/// Security contract: both resist guessing only as much as their cost; scrypt also costs memory,
/// which PBKDF2 does not, so scrypt resists GPUs far better. PBKDF2-HMAC-SM3 exists for deployments
/// that must use national algorithms throughout, and is allowed only in the ShangMi profile.
public enum KeyFileKDF: Sendable, Hashable {
    /// scrypt (RFC 7914) with these parameters.
    case scrypt(Scrypt.Parameters)
    /// PBKDF2 (RFC 8018) with HMAC-SM3 and this many iterations (10,000 ... 10,000,000).
    case pbkdf2HMACSM3(iterations: Int)

    /// The ShangMi profile's default: PBKDF2-HMAC-SM3 with 600,000 iterations.
    public static let shangMiDefault = KeyFileKDF.pbkdf2HMACSM3(iterations: 600_000)

    /// The iteration counts a file may record.
    public static let pbkdf2IterationRange = 10_000...10_000_000
}
