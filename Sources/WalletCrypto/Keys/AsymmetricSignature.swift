import Foundation

/// A signature of one `SigningScheme`: 64 bytes for Ed25519, r ‖ s for ECDSA and SM2.
///
/// Security contract: parsing checks only the encoding (length, canonical DER); whether the
/// signature is valid is decided by `AsymmetricPublicKey.isValidSignature(_:for:)` alone.
public struct AsymmetricSignature<Scheme: SigningScheme>: Sendable, Hashable {
    /// `rawRepresentation` as the library's own code reads it, without a copy into `Data`.
    let rawBytes: [UInt8]

    /// Ed25519's 64 bytes, or r ‖ s with each half left-padded to the field length. `Data`, like
    /// CryptoKit's.
    public var rawRepresentation: Data { Data(rawBytes) }

    /// The raw length this scheme's signatures have.
    public static var rawByteCount: Int {
        Scheme.algorithm.isWeierstrass ? 2 * Scheme.algorithm.fieldByteCount : 64
    }

    /// Wraps a raw signature. Throws `CryptoError` `.invalidEncoding` unless it has `rawByteCount` bytes.
    public init(rawRepresentation: some DataProtocol) throws {
        guard rawRepresentation.count == Self.rawByteCount else {
            throw CryptoError(
                .invalidEncoding,
                "a \(Scheme.algorithm) signature is \(Self.rawByteCount) bytes, got \(rawRepresentation.count)")
        }
        rawBytes = Array(rawRepresentation)
    }

    init(checkedRaw: [UInt8]) { rawBytes = checkedRaw }
}

extension AsymmetricSignature where Scheme: WeierstrassSigningScheme {
    /// Parses a DER `ECDSA-Sig-Value` (also SM2's). Throws `CryptoError` `.invalidEncoding` for BER, extra leading
    /// zeros, components longer than the field, or trailing bytes.
    public init(derRepresentation: some DataProtocol) throws {
        rawBytes = try ContiguousInput.withTyped(derRepresentation) { (der) throws(CryptoError) in
            try ECDSASignatureCodec.raw(fromDER: der, fieldByteCount: Scheme.algorithm.fieldByteCount)
        }
    }

    /// The DER `ECDSA-Sig-Value` form, as `openssl dgst -sign` writes it. `Data`, like CryptoKit's.
    public var derRepresentation: Data { Data(derBytes) }

    /// `derRepresentation` as an array, for the library's own encoders.
    var derBytes: [UInt8] {
        do {
            return try rawBytes.withBytes { (raw) throws(CryptoError) in
                try ECDSASignatureCodec.der(fromRaw: raw, fieldByteCount: Scheme.algorithm.fieldByteCount)
            }
        } catch {
            fatalError("a checked raw signature failed to encode: \(error)")
        }
    }
}
