/// Names an asymmetric key algorithm: Ed25519, X25519, or ECDSA/ECDH on P-256, P-384, secp256k1
/// or SM2.
///
/// Security contract: only this fixed set exists. Each algorithm fixes its curve, its signature
/// digest and the purposes a key may serve, so a key can never be used on another curve or with
/// another digest than the one documented here.
public struct KeyAlgorithm: Sendable, Hashable, CustomStringConvertible {
    @usableFromInline
    enum ID: UInt8, Sendable, Hashable {
        case ed25519 = 1
        case x25519 = 2
        case p256 = 3
        case p384 = 4
        case secp256k1 = 5
        case sm2 = 6
    }

    @usableFromInline let id: ID

    @usableFromInline
    init(id: ID) { self.id = id }

    /// Ed25519 (RFC 8032): signing.
    @inlinable public static var ed25519: KeyAlgorithm { KeyAlgorithm(id: .ed25519) }
    /// X25519 (RFC 7748): key agreement.
    @inlinable public static var x25519: KeyAlgorithm { KeyAlgorithm(id: .x25519) }
    /// NIST P-256: ECDSA with SHA-256, or ECDH.
    @inlinable public static var p256: KeyAlgorithm { KeyAlgorithm(id: .p256) }
    /// NIST P-384: ECDSA with SHA-384, or ECDH.
    @inlinable public static var p384: KeyAlgorithm { KeyAlgorithm(id: .p384) }
    /// secp256k1: ECDSA with SHA-256 and low-S signatures.
    @inlinable public static var secp256k1: KeyAlgorithm { KeyAlgorithm(id: .secp256k1) }
    /// SM2 (GB/T 32918): signatures with SM3 and a distinguishing ID, or public-key encryption.
    @inlinable public static var sm2: KeyAlgorithm { KeyAlgorithm(id: .sm2) }

    /// Every algorithm, in file-ID order.
    public static let all: [KeyAlgorithm] = [.ed25519, .x25519, .p256, .p384, .secp256k1, .sm2]

    /// The one-byte identifier used in `keyfile-v1`.
    public var fileID: UInt8 { id.rawValue }

    /// The algorithm for a `keyfile-v1` identifier, or nil.
    public init?(fileID: UInt8) {
        guard let id = ID(rawValue: fileID) else { return nil }
        self.id = id
    }

    /// The length of the raw private key: an Ed25519/X25519 seed or an EC scalar.
    public var privateKeyByteCount: Int { id == .p384 ? 48 : 32 }

    /// The length of one field element or scalar of the curve.
    var fieldByteCount: Int { privateKeyByteCount }

    /// Whether this is a Weierstrass curve (ECDSA/ECDH/SM2) rather than Curve25519.
    var isWeierstrass: Bool { id != .ed25519 && id != .x25519 }

    /// The purposes a key of this algorithm may serve.
    public var allowedPurposes: Set<KeyPurpose> {
        switch id {
        case .ed25519, .secp256k1: [.signing]
        case .sm2: [.signing, .encryption]
        case .x25519: [.keyAgreement]
        case .p256, .p384: [.signing, .keyAgreement]
        }
    }

    /// The digest ECDSA or SM2 signs with; nil for Ed25519, which hashes internally.
    public var signatureDigest: DigestAlgorithm? {
        switch id {
        case .ed25519, .x25519: nil
        case .p256, .secp256k1: .sha256
        case .p384: .sha384
        case .sm2: .sm3
        }
    }

    /// The algorithm's common name.
    public var description: String {
        switch id {
        case .ed25519: "Ed25519"
        case .x25519: "X25519"
        case .p256: "P-256"
        case .p384: "P-384"
        case .secp256k1: "secp256k1"
        case .sm2: "SM2"
        }
    }
}
