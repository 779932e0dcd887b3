import WalletCrypto

/// The signing algorithms an offline signer can hold.
///
/// Security contract: each name fixes the curve, hash and signature encoding of
/// `docs/spec/response-v1.md`; a signer line's algorithm must match its trusted key's.
public enum SignerAlgorithm: String, Sendable, CaseIterable {
    /// Ed25519 (RFC 8032), the default; minisign-compatible.
    case ed25519
    /// ECDSA P-256 with SHA-256.
    case p256
    /// ECDSA secp256k1 with SHA-256, low S.
    case secp256k1
    /// SM2 with SM3 and the standard distinguishing ID.
    case sm2

    var keyAlgorithm: KeyAlgorithm {
        switch self {
        case .ed25519: .ed25519
        case .p256: .p256
        case .secp256k1: .secp256k1
        case .sm2: .sm2
        }
    }

    init?(_ algorithm: KeyAlgorithm) {
        guard let match = Self.allCases.first(where: { $0.keyAlgorithm == algorithm }) else { return nil }
        self = match
    }

    /// Whether `signature` has this algorithm's encoding: 64 bytes for Ed25519, canonical DER with
    /// components no longer than the field for the others.
    func isWellFormed(_ signature: [UInt8]) -> Bool {
        switch self {
        case .ed25519: signature.count == 64
        case .p256: Self.isCanonical(signature, try? P256.Signing.Signature(derRepresentation: signature))
        case .secp256k1: Self.isCanonical(signature, try? Secp256k1.Signing.Signature(derRepresentation: signature))
        case .sm2: Self.isCanonical(signature, try? SM2.Signing.Signature(derRepresentation: signature))
        }
    }

    /// Whether `der` parsed (`parsed` is not nil) and encodes back to exactly the same bytes.
    private static func isCanonical<S: WeierstrassSigningScheme>(_ der: [UInt8], _ parsed: AsymmetricSignature<S>?)
        -> Bool
    {
        parsed?.derRepresentation.elementsEqual(der) ?? false
    }
}
