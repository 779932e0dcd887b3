import Foundation

/// scrypt (RFC 7914), the memory-hard password KDF used for encrypted key files.
///
/// Security contract: the cost parameters are checked before any work starts, and the memory the
/// parameters need (128·r·(N+2) + 128·r·p bytes) must fit `memoryLimit`, so a hostile file cannot make
/// the process allocate or compute without bound. The salt must be random and unique per password.
public enum Scrypt {
    /// scrypt's cost parameters.
    ///
    /// Security contract: `init` rejects parameters RFC 7914 forbids; `memoryByteCount` says what
    /// deriving will allocate.
    public struct Parameters: Sendable, Hashable, CustomStringConvertible {
        /// CPU/memory cost N, a power of two greater than 1.
        public let n: Int
        /// Block size r.
        public let r: Int
        /// Parallelism p.
        public let p: Int

        /// The largest accepted p; RFC 7914's examples use at most 16.
        public static let maximumParallelism = 1024

        /// Checks and stores the parameters; throws `CryptoError` `.invalidParameter` naming the bad one.
        public init(n: Int, r: Int, p: Int) throws {
            guard n > 1, n & (n - 1) == 0 else {
                throw CryptoError(.invalidParameter, "scrypt N must be a power of two greater than 1, got \(n)")
            }
            guard r >= 1, r <= Int(UInt32.max) else {
                throw CryptoError(.invalidParameter, "scrypt r must be 1...\(UInt32.max), got \(r)")
            }
            guard p >= 1, p <= Parameters.maximumParallelism else {
                throw CryptoError(.invalidParameter, "scrypt p must be 1...\(Parameters.maximumParallelism), got \(p)")
            }
            // RFC 7914: N < 2^(128·r/8) and p ≤ (2^32 − 1)·32 / (128·r).
            guard r >= 8 || n.trailingZeroBitCount < 16 * r else {
                throw CryptoError(.invalidParameter, "scrypt N must be below 2^(16·r)")
            }
            guard p.multipliedReportingOverflow(by: r).partialValue < (1 << 30) else {
                throw CryptoError(.invalidParameter, "scrypt p·r must be below 2^30")
            }
            self.n = n
            self.r = r
            self.p = p
        }

        /// The default for passphrase-protected key files: N = 2^17, r = 8, p = 1 (128 MiB, about
        /// half a second here), above OWASP's minimum of N = 2^17.
        public static let keyFileDefault = try! Parameters(n: 1 << 17, r: 8, p: 1)

        /// Bytes of memory OpenSSL will allocate, or nil if that overflows.
        public var memoryByteCount: Int? {
            let (v, o1) = (n + 2).multipliedReportingOverflow(by: 128 * r)
            let (b, o2) = p.multipliedReportingOverflow(by: 128 * r)
            let (total, o3) = v.addingReportingOverflow(b)
            return o1 || o2 || o3 ? nil : total
        }

        /// `N=…, r=…, p=…`.
        public var description: String { "N=\(n), r=\(r), p=\(p)" }
    }

    /// The default memory limit: 256 MiB, twice what `keyFileDefault` needs.
    public static let defaultMemoryLimit = 256 << 20

    /// The largest accepted output length.
    public static let maximumOutputByteCount = 1 << 16

    /// Derives `outputByteCount` bytes from `password`. Throws `CryptoError` `.limitExceeded` when the parameters
    /// need more than `memoryLimit` bytes and `.invalidParameter` for a bad output length.
    @inlinable
    public static func deriveKey(
        password: some DataProtocol, salt: some DataProtocol, parameters: Parameters, outputByteCount: Int,
        memoryLimit: Int = defaultMemoryLimit
    ) throws -> SymmetricKey {
        let result = ContiguousInput.with(password) { password in
            ContiguousInput.with(salt) { salt in
                Result { () throws(CryptoError) in
                    try deriveKey(
                        passwordBuffer: password, saltBuffer: salt, parameters: parameters,
                        outputByteCount: outputByteCount, memoryLimit: memoryLimit)
                }
            }
        }
        return try result.get()
    }

    @usableFromInline
    static func deriveKey(
        passwordBuffer: UnsafeRawBufferPointer, saltBuffer: UnsafeRawBufferPointer, parameters: Parameters,
        outputByteCount: Int, memoryLimit: Int
    ) throws(CryptoError) -> SymmetricKey {
        guard outputByteCount >= 1, outputByteCount <= maximumOutputByteCount else {
            throw CryptoError(
                .invalidParameter, "scrypt output must be 1...\(maximumOutputByteCount) bytes, got \(outputByteCount)")
        }
        guard let needed = parameters.memoryByteCount, needed <= memoryLimit else {
            throw CryptoError(
                .limitExceeded,
                "scrypt with \(parameters) needs \(parameters.memoryByteCount.map { "\($0 >> 20) MiB" } ?? "more memory than exists"), above the limit of \(memoryLimit >> 20) MiB"
            )
        }
        return SymmetricKey(
            try KDFEngine.scrypt(
                password: passwordBuffer, salt: saltBuffer, n: UInt64(parameters.n), r: UInt32(parameters.r),
                p: UInt32(parameters.p), maxMemory: UInt64(memoryLimit), count: outputByteCount))
    }
}
