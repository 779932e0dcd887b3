import Foundation

/// The output of a hash function.
///
/// Security contract: a digest is not secret, but `==` compares in constant time so it is safe to
/// check a digest received from an attacker against an expected one.
public struct Digest: Sendable, Hashable, CustomStringConvertible, Sequence, ContiguousBytes {
    @usableFromInline let value: FixedBytes
    /// The hash function that produced this digest.
    public let algorithm: DigestAlgorithm

    init(_ value: FixedBytes, algorithm: DigestAlgorithm) {
        self.value = value
        self.algorithm = algorithm
    }

    /// The digest bytes, as a new array.
    public var bytes: [UInt8] { value.array }

    /// The digest length in bytes.
    public var count: Int { value.count }

    /// The digest length in bytes, as CryptoKit names it.
    public var byteCount: Int { value.count }

    /// The digest bytes in order, so a digest can be iterated, mapped or turned into `Data` or an
    /// array as in CryptoKit.
    public func makeIterator() -> IndexingIterator<[UInt8]> { bytes.makeIterator() }

    /// Lends the digest bytes for the duration of `body`, without allocating.
    /// Throws `CryptoError`.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try value.withUnsafeBytes(body)
    }

    /// Lowercase hex.
    public var description: String { Hex.encode(bytes) }
}
