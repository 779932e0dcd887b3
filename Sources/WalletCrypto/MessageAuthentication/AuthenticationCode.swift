/// The output of HMAC.
///
/// Security contract: `==` runs in constant time, so comparing a received code with a computed one
/// does not leak how many leading bytes matched. Prefer `HMAC.isValidAuthenticationCode`, which also
/// enforces the length.
public struct AuthenticationCode: Sendable, Hashable, CustomStringConvertible {
    /// The code bytes.
    public let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The code length in bytes.
    public var count: Int { bytes.count }

    /// Constant-time comparison.
    public static func == (lhs: AuthenticationCode, rhs: AuthenticationCode) -> Bool {
        lhs.bytes.withUnsafeBytes { a in rhs.bytes.withUnsafeBytes { b in ConstantTime.equals(a, b) } }
    }

    /// Hashes the bytes for use as a dictionary key.
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// Lowercase hex. A MAC is public once sent; do not log codes you have not yet verified.
    public var description: String { Hex.encode(bytes) }

    /// Whether `candidate` equals this code, or its first `truncatedTo` bytes when given, in
    /// constant time. Truncation below max(10, L/2) bytes is refused (RFC 2104 section 5).
    @usableFromInline
    func matches(_ candidate: UnsafeRawBufferPointer, truncatedTo length: Int?) -> Bool {
        let expected = length ?? bytes.count
        guard expected <= bytes.count, expected >= max(10, bytes.count / 2), candidate.count == expected else {
            return false
        }
        return bytes.withUnsafeBytes {
            ConstantTime.equals(UnsafeRawBufferPointer(rebasing: $0.prefix(expected)), candidate)
        }
    }
}
