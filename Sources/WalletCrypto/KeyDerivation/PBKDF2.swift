import Foundation

/// PBKDF2 (RFC 8018) with HMAC-SHA-1, HMAC-SHA-256, HMAC-SHA-512 or HMAC-SM3.
///
/// Security contract: stretches a password by `iterations` HMAC calls; it resists GPUs far worse
/// than `Scrypt`, so prefer scrypt for new password storage. PBKDF2 is here for standards that fix
/// it (BIP-39 seeds, PKCS#8/PKCS#12 files). Iteration counts are not floored, because those
/// standards fix small ones; choosing a count is the caller's responsibility.
public enum PBKDF2 {
    /// The pseudorandom function.
    public enum PseudoRandomFunction: Sendable, Hashable {
        /// HMAC-SHA-1: legacy formats only.
        case insecureHMACSHA1
        /// HMAC-SHA-256.
        case hmacSHA256
        /// HMAC-SHA-512 (BIP-39).
        case hmacSHA512
        /// HMAC-SM3 (GB/T 32905 with RFC 2104), as GmSSL's encrypted keys use.
        case hmacSM3

        var digest: DigestAlgorithm {
            switch self {
            case .insecureHMACSHA1: .insecureSHA1
            case .hmacSHA256: .sha256
            case .hmacSHA512: .sha512
            case .hmacSM3: .sm3
            }
        }
    }

    /// The largest accepted output, far above any key size, so a bad length cannot exhaust memory.
    public static let maximumOutputByteCount = 1 << 16

    /// The largest accepted iteration count (2^32 - 1), so a hostile file cannot demand more.
    public static let maximumIterations = Int(UInt32.max)

    /// Derives `outputByteCount` bytes. Throws `CryptoError` `.invalidParameter` for iterations outside
    /// 1...`maximumIterations` or an output outside 1...`maximumOutputByteCount`.
    @inlinable
    public static func deriveKey(
        password: some DataProtocol, salt: some DataProtocol, iterations: Int, outputByteCount: Int,
        using prf: PseudoRandomFunction
    ) throws -> SymmetricKey {
        let result = ContiguousInput.with(password) { password in
            ContiguousInput.with(salt) { salt in
                Result { () throws(CryptoError) in
                    try deriveKey(
                        passwordBuffer: password, saltBuffer: salt, iterations: iterations,
                        outputByteCount: outputByteCount, using: prf)
                }
            }
        }
        return try result.get()
    }

    @usableFromInline
    static func deriveKey(
        passwordBuffer: UnsafeRawBufferPointer, saltBuffer: UnsafeRawBufferPointer, iterations: Int,
        outputByteCount: Int, using prf: PseudoRandomFunction
    ) throws(CryptoError) -> SymmetricKey {
        guard iterations >= 1, iterations <= maximumIterations else {
            throw CryptoError(
                .invalidParameter, "PBKDF2 iterations must be 1...\(maximumIterations), got \(iterations)")
        }
        guard outputByteCount >= 1, outputByteCount <= maximumOutputByteCount else {
            throw CryptoError(
                .invalidParameter, "PBKDF2 output must be 1...\(maximumOutputByteCount) bytes, got \(outputByteCount)")
        }
        return SymmetricKey(
            try KDFEngine.pbkdf2(
                digest: prf.digest, password: passwordBuffer, salt: saltBuffer, iterations: UInt64(iterations),
                count: outputByteCount))
    }
}
