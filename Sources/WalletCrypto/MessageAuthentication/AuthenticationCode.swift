import Foundation

/// The output of HMAC.
///
/// Security contract: `==` runs in constant time, so comparing a received code with a computed one
/// does not leak how many leading bytes matched. Prefer `HMAC.isValidAuthenticationCode`, which also
/// enforces the length.
public struct AuthenticationCode: Sendable, Hashable, CustomStringConvertible, Sequence, ContiguousBytes {
    @usableFromInline let value: FixedBytes

    init(_ value: FixedBytes) { self.value = value }

    /// The code bytes, as a new array.
    public var bytes: [UInt8] { value.array }

    /// The code length in bytes.
    public var count: Int { value.count }

    /// The code length in bytes, as CryptoKit names it.
    public var byteCount: Int { value.count }

    /// The code bytes in order, so a code can be iterated or turned into `Data` as in CryptoKit.
    public func makeIterator() -> IndexingIterator<[UInt8]> { bytes.makeIterator() }

    /// Lends the code bytes for the duration of `body`, without allocating.
    /// Throws `CryptoError`.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try value.withUnsafeBytes(body)
    }

    /// Lowercase hex. A MAC is public once sent; do not log codes you have not yet verified.
    public var description: String { Hex.encode(bytes) }

    /// Whether `candidate` equals this code, or its first `truncatedTo` bytes when given, in
    /// constant time. Truncation below max(10, L/2) bytes is refused (RFC 2104 section 5).
    @usableFromInline
    func matches(_ candidate: UnsafeRawBufferPointer, truncatedTo length: Int?) -> Bool {
        let expected = length ?? count
        guard expected <= count, expected >= Swift.max(10, count / 2), candidate.count == expected else {
            return false
        }
        return withUnsafeBytes { ConstantTime.equals(UnsafeRawBufferPointer(rebasing: $0.prefix(expected)), candidate) }
    }
}
