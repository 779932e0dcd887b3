import Foundation

/// HKDF (RFC 5869) over `H`: SHA-256, SHA-384, SHA-512 or SM3 in this library's uses.
///
/// Security contract: derives keys from input keying material that already has enough entropy
/// (a shared secret, a master key). It is not a password hash: use `Scrypt` for passwords. Use a
/// distinct `info` for every derived key's purpose; reusing `info` across purposes yields equal keys.
public enum HKDF<H: HashFunction> {
    /// The largest output RFC 5869 allows: 255 blocks of the hash.
    public static var maximumOutputByteCount: Int { 255 * H.byteCount }

    /// HKDF-Extract: a pseudorandom key of `H.byteCount` bytes. An empty salt means HashLen zeros.
    @inlinable
    public static func extract(inputKeyMaterial: SymmetricKey, salt: some DataProtocol) -> SymmetricKey {
        ContiguousInput.with(salt) { extract(inputKeyMaterial: inputKeyMaterial, saltBuffer: $0) }
    }

    @usableFromInline
    static func extract(inputKeyMaterial: SymmetricKey, saltBuffer: UnsafeRawBufferPointer) -> SymmetricKey {
        inputKeyMaterial.withUnsafeBytes { ikm in
            SymmetricKey(HKDFSession(digest: H.algorithm).extract(salt: saltBuffer, inputKeyMaterial: ikm))
        }
    }

    /// HKDF-Expand: `outputByteCount` bytes from a pseudorandom key of at least `H.byteCount` bytes.
    /// Like CryptoKit's, it does not throw: an output outside 1...`maximumOutputByteCount` or a
    /// short key is a programming error and traps. Check the length first when it comes from input.
    @inlinable
    public static func expand(
        pseudoRandomKey: SymmetricKey, info: some DataProtocol, outputByteCount: Int
    ) -> SymmetricKey {
        ContiguousInput.with(info) { info in
            checked { () throws(CryptoError) in
                try expand(pseudoRandomKey: pseudoRandomKey, infoBuffer: info, outputByteCount: outputByteCount)
            }
        }
    }

    @usableFromInline
    static func expand(
        pseudoRandomKey: SymmetricKey, infoBuffer: UnsafeRawBufferPointer, outputByteCount: Int
    ) throws(CryptoError) -> SymmetricKey {
        guard pseudoRandomKey.byteCount >= H.byteCount else {
            throw CryptoError(
                .invalidParameter,
                "HKDF-Expand needs a pseudorandom key of at least \(H.byteCount) bytes, got \(pseudoRandomKey.byteCount)"
            )
        }
        try checkOutputByteCount(outputByteCount)
        return SymmetricKey(
            HKDFSession(digest: H.algorithm).expand(
                pseudoRandomKey: pseudoRandomKey.secret, info: infoBuffer, count: outputByteCount))
    }

    /// Extract then expand in one call, with CryptoKit's signature: it does not throw, and an output
    /// outside 1...`maximumOutputByteCount` (255 × the hash length) traps. Check the length first
    /// when it comes from input.
    @inlinable
    public static func deriveKey(
        inputKeyMaterial: SymmetricKey, salt: some DataProtocol, info: some DataProtocol, outputByteCount: Int
    ) -> SymmetricKey {
        ContiguousInput.with(salt) { salt in
            ContiguousInput.with(info) { info in
                checked { () throws(CryptoError) in
                    try deriveKey(
                        inputKeyMaterial: inputKeyMaterial, saltBuffer: salt, infoBuffer: info,
                        outputByteCount: outputByteCount)
                }
            }
        }
    }

    /// `deriveKey(inputKeyMaterial:salt:info:outputByteCount:)` with an empty salt.
    @inlinable
    public static func deriveKey(
        inputKeyMaterial: SymmetricKey, info: some DataProtocol, outputByteCount: Int
    ) -> SymmetricKey {
        deriveKey(inputKeyMaterial: inputKeyMaterial, salt: [UInt8](), info: info, outputByteCount: outputByteCount)
    }

    /// `deriveKey(inputKeyMaterial:salt:info:outputByteCount:)` with an empty info.
    @inlinable
    public static func deriveKey(
        inputKeyMaterial: SymmetricKey, salt: some DataProtocol, outputByteCount: Int
    ) -> SymmetricKey {
        deriveKey(inputKeyMaterial: inputKeyMaterial, salt: salt, info: [UInt8](), outputByteCount: outputByteCount)
    }

    /// `deriveKey(inputKeyMaterial:salt:info:outputByteCount:)` with an empty salt and info.
    @inlinable
    public static func deriveKey(inputKeyMaterial: SymmetricKey, outputByteCount: Int) -> SymmetricKey {
        deriveKey(
            inputKeyMaterial: inputKeyMaterial, salt: [UInt8](), info: [UInt8](), outputByteCount: outputByteCount)
    }

    /// Runs a derivation whose only failure is a parameter the caller fixed; traps on it.
    @usableFromInline
    static func checked(_ body: () throws(CryptoError) -> SymmetricKey) -> SymmetricKey {
        do {
            return try body()
        } catch {
            preconditionFailure("HKDF: \(error.reason)")
        }
    }

    @usableFromInline
    static func deriveKey(
        inputKeyMaterial: SymmetricKey, saltBuffer: UnsafeRawBufferPointer, infoBuffer: UnsafeRawBufferPointer,
        outputByteCount: Int
    ) throws(CryptoError) -> SymmetricKey {
        try checkOutputByteCount(outputByteCount)
        return inputKeyMaterial.withUnsafeBytes { ikm in
            SymmetricKey(
                HKDFSession(digest: H.algorithm).derive(
                    salt: saltBuffer, inputKeyMaterial: ikm, info: infoBuffer, count: outputByteCount))
        }
    }

    static func checkOutputByteCount(_ outputByteCount: Int) throws(CryptoError) {
        guard outputByteCount >= 1, outputByteCount <= maximumOutputByteCount else {
            throw CryptoError(
                .invalidParameter,
                "HKDF-\(H.algorithm) output must be 1...\(maximumOutputByteCount) bytes, got \(outputByteCount)")
        }
    }
}
