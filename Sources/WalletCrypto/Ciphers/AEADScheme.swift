import Foundation

/// An authenticated cipher with CryptoKit's API: `seal` picks a random nonce unless given one, and
/// `open` fails with one generic error.
///
/// Security contract: `seal` gives confidentiality and integrity of the message and integrity of
/// the associated data, provided a (key, nonce) pair is never reused. Random 12-byte nonces are safe
/// for up to about 2^32 messages per key; rotate keys before that. Passing an explicit nonce makes
/// uniqueness the caller's job. `open` releases no plaintext unless the tag verifies, and every
/// failure throws `CryptoError.authenticationFailure` without saying why.
public protocol AEADScheme: Sendable {
    /// Which construction this namespace uses.
    static var algorithm: AEADAlgorithm { get }
}

extension AEADScheme {
    /// This scheme's nonce type.
    public typealias Nonce = AEADNonce<Self>
    /// This scheme's sealed box type.
    public typealias SealedBox = AEADSealedBox<Self>

    /// Encrypts and authenticates `message` under `key`, with a fresh random nonce unless `nonce` is
    /// given. Throws `CryptoError` `.invalidParameter` for a key of the wrong size.
    @inlinable
    public static func seal(_ message: some DataProtocol, using key: SymmetricKey, nonce: Nonce? = nil) throws
        -> SealedBox
    {
        try ContiguousInput.with(message) { message in
            try SealedBox(
                sealing: message, authenticating: UnsafeRawBufferPointer(start: nil, count: 0), key: key,
                nonce: nonce ?? Nonce())
        }
    }

    /// Encrypts `message` and authenticates it together with `authenticatedData`, which is not
    /// encrypted and must be presented again to `open`.
    /// Throws `CryptoError`.
    @inlinable
    public static func seal(
        _ message: some DataProtocol, using key: SymmetricKey, nonce: Nonce? = nil,
        authenticating authenticatedData: some DataProtocol
    ) throws -> SealedBox {
        try ContiguousInput.with(message) { message in
            try ContiguousInput.with(authenticatedData) { aad in
                try SealedBox(sealing: message, authenticating: aad, key: key, nonce: nonce)
            }
        }
    }

    /// Verifies and decrypts `sealedBox`. Throws `CryptoError` `.authenticationFailure` for a wrong key, a
    /// modified box or modified associated data, and `.invalidParameter` for a key of the wrong size.
    public static func open(_ sealedBox: SealedBox, using key: SymmetricKey) throws -> Data {
        try sealedBox.open(authenticating: UnsafeRawBufferPointer(start: nil, count: 0), key: key)
    }

    /// Verifies and decrypts `sealedBox` whose associated data is `authenticatedData`.
    /// Throws `CryptoError`.
    @inlinable
    public static func open(
        _ sealedBox: SealedBox, using key: SymmetricKey, authenticating authenticatedData: some DataProtocol
    ) throws -> Data {
        try ContiguousInput.with(authenticatedData) { try sealedBox.open(authenticating: $0, key: key) }
    }

    /// Seals like `seal(_:using:nonce:authenticating:)` but writes nonce ‖ ciphertext ‖ tag into
    /// `combined`, reusing its storage: when `combined` already has the right size and is not
    /// shared, nothing is allocated. For hot paths that seal many small messages.
    /// Throws `CryptoError`.
    @inlinable
    public static func seal(
        _ message: some DataProtocol, using key: SymmetricKey, nonce: Nonce? = nil,
        authenticating authenticatedData: some DataProtocol = [UInt8](), into combined: inout [UInt8]
    ) throws {
        let nonceCount = nonce?.bytes.count ?? AEADAlgorithm.nonceByteCount
        // The combined form has no room to say how long the nonce is, so only 12 bytes fit it.
        guard nonceCount == AEADAlgorithm.nonceByteCount else {
            throw CryptoError(.invalidParameter, "a combined sealed box needs a 12-byte nonce, got \(nonceCount)")
        }
        try ContiguousInput.with(message) { message in
            try ContiguousInput.with(authenticatedData) { aad in
                OutputBuffer.resize(&combined, to: nonceCount + message.count + AEADAlgorithm.tagByteCount)
                try combined.withUnsafeMutableBytes { output in
                    try SealedBox.seal(message, authenticating: aad, key: key, nonce: nonce, into: output)
                }
            }
        }
    }

    /// Opens a combined nonce ‖ ciphertext ‖ tag (12-byte nonce) into `plaintext`, reusing its
    /// storage. On any failure `plaintext` is emptied and `.authenticationFailure` (or
    /// `.invalidEncoding` for input shorter than 28 bytes) is thrown.
    /// Throws `CryptoError`.
    @inlinable
    public static func open(
        combined: some DataProtocol, using key: SymmetricKey,
        authenticating authenticatedData: some DataProtocol = [UInt8](), into plaintext: inout [UInt8]
    ) throws {
        let overhead = AEADAlgorithm.nonceByteCount + AEADAlgorithm.tagByteCount
        do {
            try ContiguousInput.with(combined) { box in
                guard box.count >= overhead else {
                    throw CryptoError(
                        .invalidEncoding, "a sealed box needs at least \(overhead) bytes, got \(box.count)")
                }
                try ContiguousInput.with(authenticatedData) { aad in
                    OutputBuffer.resize(&plaintext, to: box.count - overhead)
                    try plaintext.withUnsafeMutableBytes { output in
                        try SealedBox.open(
                            box, nonceByteCount: AEADAlgorithm.nonceByteCount, authenticating: aad, key: key,
                            into: output)
                    }
                }
            }
        } catch {
            plaintext.removeAll(keepingCapacity: true)
            throw error
        }
    }
}
