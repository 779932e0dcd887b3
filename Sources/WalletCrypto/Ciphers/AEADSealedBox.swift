import Foundation

/// A sealed message: nonce, ciphertext and 16-byte tag.
///
/// Security contract: the box reveals the message length and nothing else about the plaintext.
/// Parsing checks only lengths; authenticity is established by `open`, never by parsing.
public struct AEADSealedBox<Scheme: AEADScheme>: Sendable {
    /// nonce ‖ ciphertext ‖ tag, stored once so `combined` costs nothing.
    let storage: [UInt8]
    let nonceByteCount: Int

    /// The nonce used.
    public var nonce: AEADNonce<Scheme> { AEADNonce(checkedBytes: Array(storage[..<nonceByteCount])) }

    /// The encrypted message.
    public var ciphertext: [UInt8] { Array(storage[nonceByteCount..<(storage.count - AEADAlgorithm.tagByteCount)]) }

    /// The 16-byte authentication tag.
    public var tag: [UInt8] { Array(storage.suffix(AEADAlgorithm.tagByteCount)) }

    /// nonce ‖ ciphertext ‖ tag, or nil when the nonce is not the standard 12 bytes.
    public var combined: [UInt8]? { nonceByteCount == AEADAlgorithm.nonceByteCount ? storage : nil }

    /// Parses nonce ‖ ciphertext ‖ tag with a 12-byte nonce. Throws `.invalidEncoding` when it is
    /// shorter than 28 bytes.
    public init(combined: some DataProtocol) throws {
        guard combined.count >= AEADAlgorithm.nonceByteCount + AEADAlgorithm.tagByteCount else {
            throw CryptoError(
                .invalidEncoding,
                "a sealed box needs at least \(AEADAlgorithm.nonceByteCount + AEADAlgorithm.tagByteCount) bytes, got \(combined.count)"
            )
        }
        storage = Array(combined)
        nonceByteCount = AEADAlgorithm.nonceByteCount
    }

    /// Assembles a box from its parts. Throws `.invalidEncoding` when the tag is not 16 bytes.
    public init(nonce: AEADNonce<Scheme>, ciphertext: some DataProtocol, tag: some DataProtocol) throws {
        guard tag.count == AEADAlgorithm.tagByteCount else {
            throw CryptoError(.invalidEncoding, "the tag must be \(AEADAlgorithm.tagByteCount) bytes, got \(tag.count)")
        }
        storage = nonce.bytes + Array(ciphertext) + Array(tag)
        nonceByteCount = nonce.bytes.count
    }

    @usableFromInline
    init(
        sealing message: UnsafeRawBufferPointer, authenticating aad: UnsafeRawBufferPointer, key: SymmetricKey,
        nonce: AEADNonce<Scheme>
    ) throws {
        let nonceCount = nonce.bytes.count
        let total = nonceCount + message.count + AEADAlgorithm.tagByteCount
        storage = try [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            let out = UnsafeMutableRawBufferPointer(buffer)
            nonce.bytes.withUnsafeBytes { out.copyMemory(from: $0) }
            try AEADEngine.seal(
                Scheme.algorithm, key: key, nonce: UnsafeRawBufferPointer(rebasing: out[..<nonceCount]),
                message: message, aad: aad, output: UnsafeMutableRawBufferPointer(rebasing: out[nonceCount...]))
            initialized = total
        }
        nonceByteCount = nonceCount
    }

    @usableFromInline
    func open(authenticating aad: UnsafeRawBufferPointer, key: SymmetricKey) throws -> [UInt8] {
        try storage.withUnsafeBytes { all in
            let tagStart = all.count - AEADAlgorithm.tagByteCount
            return try AEADEngine.open(
                Scheme.algorithm, key: key, nonce: UnsafeRawBufferPointer(rebasing: all[..<nonceByteCount]),
                ciphertext: UnsafeRawBufferPointer(rebasing: all[nonceByteCount..<tagStart]),
                tag: UnsafeRawBufferPointer(rebasing: all[tagStart...]), aad: aad)
        }
    }
}
