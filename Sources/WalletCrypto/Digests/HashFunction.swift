import Foundation

/// A hash function usable one-shot or incrementally, in the style of CryptoKit.
///
/// Security contract: hashing is deterministic and keyless; use `HMAC` to authenticate and a KDF
/// to turn passwords into keys. Conformances exist only for the algorithms in `DigestAlgorithm`.
public protocol HashFunction: Sendable {
    /// Which algorithm this type computes.
    static var algorithm: DigestAlgorithm { get }
    /// The running state; an implementation detail exposed only so the protocol can provide
    /// `update` and `finalize` once for every hash type.
    var _state: DigestState { get set }
    /// Wraps a running state.
    init(_state: DigestState)
}

extension HashFunction {
    /// CryptoKit's name for the digest type: `SHA256.Digest`.
    public typealias Digest = WalletCrypto.Digest

    /// The digest length in bytes.
    public static var byteCount: Int { algorithm.byteCount }

    /// The block length in bytes.
    public static var blockByteCount: Int { algorithm.blockByteCount }

    /// Starts an incremental hash.
    public init() { self.init(_state: DigestState(Self.algorithm)) }

    /// Adds `data` to the hash; discontiguous input is hashed region by region without copying.
    public mutating func update(data: some DataProtocol) {
        for region in data.regions {
            region.withUnsafeBytes { _state.update($0) }
        }
    }

    /// Adds raw bytes to the hash.
    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        _state.update(bufferPointer)
    }

    /// Returns the digest of everything added so far; the hash may continue afterwards.
    public func finalize() -> Digest { _state.finalize() }

    /// Hashes `data` in one call using a cached OpenSSL context.
    @inlinable
    public static func hash(data: some DataProtocol) -> Digest {
        ContiguousInput.with(data) { hash(bufferPointer: $0) }
    }

    /// Hashes contiguous raw bytes in one call.
    public static func hash(bufferPointer: UnsafeRawBufferPointer) -> Digest {
        algorithm.backend.hash(bufferPointer)
    }
}
