/// The cryptographically secure random source: OpenSSL's `RAND_bytes` DRBG.
///
/// Security contract: output is suitable for keys, nonces and salts. OpenSSL reseeds from the
/// operating system and detects `fork`, so a child never repeats its parent's stream. If the
/// generator fails the process stops, because no caller could continue safely.
public enum SecureRandom {
    /// Returns `count` random bytes. Use `SecureBytes(randomByteCount:)` for secrets.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "random byte count must not be negative")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// Fills `buffer` with random bytes.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        OpenSSLRandom.fill(buffer)
    }
}

/// A `RandomNumberGenerator` backed by `SecureRandom`, for `shuffled(using:)`, `random(in:using:)`
/// and similar standard-library calls.
///
/// Security contract: every value comes from OpenSSL's DRBG; the generator holds no state of its own,
/// so copies are independent and safe to use from any thread.
public struct SecureRandomNumberGenerator: RandomNumberGenerator, Sendable {
    /// Creates a generator.
    public init() {}

    /// Returns 64 random bits.
    public mutating func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { SecureRandom.fill($0) }
        return value
    }
}
