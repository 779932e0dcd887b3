import Foundation

/// A sealed message: nonce, ciphertext and 16-byte tag.
///
/// Security contract: the box reveals the message length and nothing else about the plaintext.
/// Parsing checks only lengths; authenticity is established by `open`, never by parsing.
public struct AEADSealedBox<Scheme: AEADScheme>: Sendable {
    /// nonce ‖ ciphertext ‖ tag, stored once so `combined` costs nothing.
    @usableFromInline let storage: Data
    @usableFromInline let nonceByteCount: Int

    /// The nonce used.
    public var nonce: AEADNonce<Scheme> {
        AEADNonce(checkedBytes: Array(storage[storage.startIndex..<(storage.startIndex + nonceByteCount)]))
    }

    /// The encrypted message, as `Data` like CryptoKit's.
    public var ciphertext: Data {
        Data(storage[(storage.startIndex + nonceByteCount)..<(storage.endIndex - AEADAlgorithm.tagByteCount)])
    }

    /// The 16-byte authentication tag, as `Data` like CryptoKit's.
    public var tag: Data { Data(storage.suffix(AEADAlgorithm.tagByteCount)) }

    /// nonce ‖ ciphertext ‖ tag, or nil when the nonce is not the standard 12 bytes (only
    /// `AEADNonce(insecureNonStandardData:)` makes such nonces). `ChaChaPoly.SealedBox` also has
    /// CryptoKit's non-optional `combined`.
    public var combined: Data? { nonceByteCount == AEADAlgorithm.nonceByteCount ? storage : nil }

    /// Parses nonce ‖ ciphertext ‖ tag with a 12-byte nonce. Throws `CryptoError` `.invalidEncoding` when it is
    /// shorter than 28 bytes.
    public init(combined: some DataProtocol) throws {
        guard combined.count >= AEADAlgorithm.nonceByteCount + AEADAlgorithm.tagByteCount else {
            throw CryptoError(
                .invalidEncoding,
                "a sealed box needs at least \(AEADAlgorithm.nonceByteCount + AEADAlgorithm.tagByteCount) bytes, got \(combined.count)"
            )
        }
        storage = Data(combined)
        nonceByteCount = AEADAlgorithm.nonceByteCount
    }

    /// Assembles a box from its parts. Throws `CryptoError` `.invalidEncoding` when the tag is not 16 bytes.
    public init(nonce: AEADNonce<Scheme>, ciphertext: some DataProtocol, tag: some DataProtocol) throws {
        guard tag.count == AEADAlgorithm.tagByteCount else {
            throw CryptoError(.invalidEncoding, "the tag must be \(AEADAlgorithm.tagByteCount) bytes, got \(tag.count)")
        }
        storage = Data(nonce.bytes + Array(ciphertext) + Array(tag))
        nonceByteCount = nonce.bytes.count
    }

    /// Seals into one new buffer: nonce ‖ ciphertext ‖ tag. A nil nonce is drawn from
    /// `SecureRandom` straight into the buffer.
    @inlinable
    init(
        sealing message: UnsafeRawBufferPointer, authenticating aad: UnsafeRawBufferPointer, key: SymmetricKey,
        nonce: AEADNonce<Scheme>?
    ) throws {
        let nonceCount = nonce?.bytes.count ?? AEADAlgorithm.nonceByteCount
        let total = nonceCount + message.count + AEADAlgorithm.tagByteCount
        storage = try OutputBuffer.data(count: total) { buffer in
            try AEADSealedBox.seal(message, authenticating: aad, key: key, nonce: nonce, into: buffer)
        }
        nonceByteCount = nonceCount
    }

    /// Writes nonce ‖ ciphertext ‖ tag to `output`, which has exactly the right size.
    @inlinable
    static func seal(
        _ message: UnsafeRawBufferPointer, authenticating aad: UnsafeRawBufferPointer, key: SymmetricKey,
        nonce: AEADNonce<Scheme>?, into output: UnsafeMutableRawBufferPointer
    ) throws {
        let nonceCount = output.count - message.count - AEADAlgorithm.tagByteCount
        let nonceOutput = UnsafeMutableRawBufferPointer(rebasing: output[..<nonceCount])
        if let nonce {
            nonce.bytes.withUnsafeBytes { nonceOutput.copyMemory(from: $0) }
        } else {
            SecureRandom.fill(nonceOutput)
        }
        try AEADEngine.seal(
            Scheme.algorithm, key: key, nonce: UnsafeRawBufferPointer(nonceOutput), message: message, aad: aad,
            output: UnsafeMutableRawBufferPointer(rebasing: output[nonceCount...]))
    }

    /// Verifies and decrypts nonce ‖ ciphertext ‖ tag held in `box` into `output`, which has exactly
    /// the ciphertext's size.
    @inlinable
    static func open(
        _ box: UnsafeRawBufferPointer, nonceByteCount: Int, authenticating aad: UnsafeRawBufferPointer,
        key: SymmetricKey, into output: UnsafeMutableRawBufferPointer
    ) throws {
        let tagStart = box.count - AEADAlgorithm.tagByteCount
        try AEADEngine.open(
            Scheme.algorithm, key: key, nonce: UnsafeRawBufferPointer(rebasing: box[..<nonceByteCount]),
            ciphertext: UnsafeRawBufferPointer(rebasing: box[nonceByteCount..<tagStart]),
            tag: UnsafeRawBufferPointer(rebasing: box[tagStart...]), aad: aad, output: output)
    }

    /// Verifies and decrypts into a new `Data` of exactly the plaintext's size.
    @inlinable
    func open(authenticating aad: UnsafeRawBufferPointer, key: SymmetricKey) throws -> Data {
        try storage.withUnsafeBytes { box in
            try OutputBuffer.data(count: box.count - nonceByteCount - AEADAlgorithm.tagByteCount) { output in
                try AEADSealedBox.open(
                    box, nonceByteCount: nonceByteCount, authenticating: aad, key: key, into: output)
            }
        }
    }
}

extension AEADSealedBox where Scheme == ChaChaPoly {
    /// nonce ‖ ciphertext ‖ tag. ChaCha20-Poly1305 nonces are always 12 bytes, so, as in CryptoKit,
    /// this is not optional.
    public var combined: Data { storage }
}
