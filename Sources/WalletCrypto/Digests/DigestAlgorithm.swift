/// Names one of the hash functions WalletCrypto offers.
///
/// Security contract: only the fixed set below exists; callers cannot name an arbitrary backend
/// algorithm. SHA-1 is present for HOTP/TOTP and legacy interop only and is named insecure.
public struct DigestAlgorithm: Sendable, Hashable, CustomStringConvertible {
    enum ID: Sendable, Hashable {
        case sha1, sha256, sha384, sha512, sha3_256, sm3, blake2b512
    }

    let id: ID
    /// The name OpenSSL fetches the algorithm by.
    let openSSLName: String
    /// The digest length in bytes.
    public let byteCount: Int
    /// The internal block length in bytes (the HMAC key block).
    public let blockByteCount: Int

    /// SHA-1, for HOTP/TOTP and legacy interop only: it is not collision resistant.
    public static let insecureSHA1 = DigestAlgorithm(
        id: .sha1, openSSLName: "SHA1", byteCount: 20, blockByteCount: 64)
    /// SHA-256 (FIPS 180-4).
    public static let sha256 = DigestAlgorithm(
        id: .sha256, openSSLName: "SHA2-256", byteCount: 32, blockByteCount: 64)
    /// SHA-384 (FIPS 180-4).
    public static let sha384 = DigestAlgorithm(
        id: .sha384, openSSLName: "SHA2-384", byteCount: 48, blockByteCount: 128)
    /// SHA-512 (FIPS 180-4).
    public static let sha512 = DigestAlgorithm(
        id: .sha512, openSSLName: "SHA2-512", byteCount: 64, blockByteCount: 128)
    /// SHA3-256 (FIPS 202).
    public static let sha3_256 = DigestAlgorithm(
        id: .sha3_256, openSSLName: "SHA3-256", byteCount: 32, blockByteCount: 136)
    /// SM3 (GB/T 32905-2016), required for Chinese national-algorithm deployments.
    public static let sm3 = DigestAlgorithm(
        id: .sm3, openSSLName: "SM3", byteCount: 32, blockByteCount: 64)
    /// BLAKE2b with a 64-byte output (RFC 7693).
    public static let blake2b512 = DigestAlgorithm(
        id: .blake2b512, openSSLName: "BLAKE2B-512", byteCount: 64, blockByteCount: 128)

    /// The algorithm's common name.
    public var description: String { openSSLName }

    /// Two algorithms are the same when they name the same function.
    public static func == (lhs: DigestAlgorithm, rhs: DigestAlgorithm) -> Bool { lhs.id == rhs.id }

    /// Hashes the identity only.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
