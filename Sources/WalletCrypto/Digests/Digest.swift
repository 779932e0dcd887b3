/// The output of a hash function.
///
/// Security contract: a digest is not secret, but `==` compares in constant time so it is safe to
/// check a digest received from an attacker against an expected one.
public struct Digest: Sendable, Hashable, CustomStringConvertible {
    /// The digest bytes.
    public let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The digest length in bytes.
    public var count: Int { bytes.count }

    /// Lends the digest bytes for the duration of `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    /// Constant-time comparison.
    public static func == (lhs: Digest, rhs: Digest) -> Bool {
        lhs.bytes.withUnsafeBytes { a in rhs.bytes.withUnsafeBytes { b in ConstantTime.equals(a, b) } }
    }

    /// Hashes the bytes for use as a dictionary key.
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// Lowercase hex.
    public var description: String { Hex.encode(bytes) }
}
