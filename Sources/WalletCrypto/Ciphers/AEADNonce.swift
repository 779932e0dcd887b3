import Foundation

/// A nonce for an `AEADScheme`.
///
/// Security contract: `init()` draws 12 bytes from `SecureRandom`; that is the only way that does
/// not make the caller responsible for uniqueness. A nonce reused under one key breaks
/// confidentiality and, for GCM, exposes the authentication key.
public struct AEADNonce<Scheme: AEADScheme>: Sendable, Hashable, Sequence, ContiguousBytes {
    /// The nonce bytes; nonces are public and travel with the ciphertext.
    public let bytes: [UInt8]

    /// A fresh random 12-byte nonce.
    public init() {
        bytes = SecureRandom.bytes(count: AEADAlgorithm.nonceByteCount)
    }

    /// A caller-chosen 12-byte nonce. Throws `CryptoError` `.invalidParameter` for any other length.
    public init(data: some DataProtocol) throws {
        guard data.count == AEADAlgorithm.nonceByteCount else {
            throw CryptoError(
                .invalidParameter,
                "\(Scheme.algorithm) nonce must be \(AEADAlgorithm.nonceByteCount) bytes, got \(data.count)")
        }
        bytes = Array(data)
    }

    @usableFromInline
    init(checkedBytes: [UInt8]) { bytes = checkedBytes }

    /// The nonce bytes in order, so `Data(nonce)` and `Array(nonce)` work as in CryptoKit.
    public func makeIterator() -> IndexingIterator<[UInt8]> { bytes.makeIterator() }

    /// Lends the nonce bytes for the duration of `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }
}

extension AEADNonce where Scheme == AES.GCM {
    /// The longest non-standard GCM nonce accepted, far above any real protocol's.
    public static var maximumNonStandardByteCount: Int { 1024 }

    /// A GCM nonce of a length other than 12 bytes (1...1024), for interoperating with systems that
    /// use one. Sealing and opening with it is slow (a separate, uncached path). Short nonces collide sooner and long ones are hashed with GHASH; neither is safe to
    /// choose for new designs. Such a box has no `combined` representation.
    /// Throws `CryptoError`.
    public init(insecureNonStandardData data: some DataProtocol) throws {
        guard data.count >= 1, data.count <= Self.maximumNonStandardByteCount else {
            throw CryptoError(
                .invalidParameter,
                "AES-GCM nonce must be 1...\(Self.maximumNonStandardByteCount) bytes, got \(data.count)")
        }
        bytes = Array(data)
    }
}
