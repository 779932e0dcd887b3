import Foundation

/// A public key of one `KeyScheme`, validated when imported.
///
/// Security contract: every initialiser rejects malformed input, a key of another algorithm or
/// curve, and (for Weierstrass curves) points off the curve or at infinity, so later operations
/// never see an invalid key. A public key proves nothing about who holds the private key.
public struct AsymmetricPublicKey<Scheme: KeyScheme>: Sendable, Hashable, CustomStringConvertible {
    let handle: PublicKeyHandle

    /// SubjectPublicKeyInfo DER, kept for equality, hashing and the key ID; the library's own code
    /// reads these bytes instead of copying them into a `Data`.
    let derBytes: [UInt8]

    /// The OpenSSL key, for verifying and deriving.
    var key: PKey { handle.key }

    init(key: PKey) {
        self.init(handle: PublicKeyHandle(key), derBytes: key.publicKeyDER())
    }

    private init(handle: PublicKeyHandle, derBytes: [UInt8]) {
        self.handle = handle
        self.derBytes = derBytes
    }

    /// The public half of `privateKey`. Ed25519 and X25519 keep only the DER (the raw key is its
    /// last 32 bytes) and import an OpenSSL key on first use; EC keys are rebuilt from their point.
    init(publicHalfOf privateKey: PKey) {
        if Scheme.algorithm.isWeierstrass {
            self.init(key: privateKey.publicOnly())
        } else {
            let der = privateKey.publicKeyDER()
            self.init(
                handle: PublicKeyHandle(deferredRaw: Array(der.suffix(32)), Scheme.algorithm), derBytes: der)
        }
    }

    /// Imports the raw public key: 32 bytes for Ed25519 and X25519; for EC curves x ‖ y (CryptoKit's
    /// raw form), or a SEC1 point (`x963Representation` or `compressedRepresentation`).
    /// Throws `CryptoError`.
    public init(rawRepresentation: some DataProtocol) throws {
        let bytes = Array(rawRepresentation)
        let point =
            Scheme.algorithm.isWeierstrass && bytes.count == 2 * Scheme.algorithm.fieldByteCount
            ? [0x04] + bytes : bytes
        self.init(
            key: try point.withBytes { (raw) throws(CryptoError) in try PKey.publicKey(raw: raw, Scheme.algorithm) })
    }

    /// Imports an uncompressed SEC1 point, 04 ‖ x ‖ y (EC curves only).
    /// Throws `CryptoError`.
    public init(x963Representation: some DataProtocol) throws {
        try self.init(sec1: Array(x963Representation), uncompressed: true)
    }

    /// Imports a compressed SEC1 point, 02/03 ‖ x (EC curves only).
    /// Throws `CryptoError`.
    public init(compressedRepresentation: some DataProtocol) throws {
        try self.init(sec1: Array(compressedRepresentation), uncompressed: false)
    }

    private init(sec1: [UInt8], uncompressed: Bool) throws(CryptoError) {
        let field = Scheme.algorithm.fieldByteCount
        guard Scheme.algorithm.isWeierstrass, sec1.count == (uncompressed ? 1 + 2 * field : 1 + field) else {
            throw CryptoError(
                .invalidEncoding, "not a \(uncompressed ? "uncompressed" : "compressed") \(Scheme.algorithm) point")
        }
        self.init(
            key: try sec1.withBytes { (raw) throws(CryptoError) in try PKey.publicKey(raw: raw, Scheme.algorithm) })
    }

    /// Imports SubjectPublicKeyInfo DER (what `openssl pkey -pubout -outform DER` writes).
    /// Throws `CryptoError`.
    public init(derRepresentation: some DataProtocol) throws {
        self.init(
            key: try ContiguousInput.withTyped(derRepresentation) { (der) throws(CryptoError) in
                try PKey.publicKey(der: der, Scheme.algorithm)
            })
    }

    /// Imports a "PUBLIC KEY" PEM block.
    /// Throws `CryptoError`.
    public init(pemRepresentation: String) throws {
        try self.init(derRepresentation: try PEM.decode(label: "PUBLIC KEY", pemRepresentation))
    }

    /// SubjectPublicKeyInfo DER, as `Data` like CryptoKit's.
    public var derRepresentation: Data { Data(derBytes) }

    /// 32 bytes for Ed25519 and X25519; x ‖ y for EC curves. `Data`, like CryptoKit's.
    public var rawRepresentation: Data { Data(rawSlice) }

    /// `rawRepresentation` as an array, for the library's own encoders.
    var rawBytes: [UInt8] { Array(rawSlice) }

    private var rawSlice: ArraySlice<UInt8> {
        // An Ed25519 or X25519 SubjectPublicKeyInfo ends with the raw key (RFC 8410).
        Scheme.algorithm.isWeierstrass ? key.rawPublicKey().dropFirst() : derBytes.suffix(32)
    }

    /// 04 ‖ x ‖ y for EC curves; the raw key for Ed25519 and X25519. `Data`, like CryptoKit's.
    public var x963Representation: Data { Data(x963Bytes) }

    /// `x963Representation` as an array, for the library's own encoders.
    var x963Bytes: [UInt8] { Scheme.algorithm.isWeierstrass ? key.rawPublicKey() : rawBytes }

    /// 02/03 ‖ x for EC curves; the raw key for Ed25519 and X25519. `Data`, like CryptoKit's.
    public var compressedRepresentation: Data {
        Scheme.algorithm.isWeierstrass ? Data(key.rawPublicKey(compressed: true)) : rawRepresentation
    }

    /// A "PUBLIC KEY" PEM block.
    public var pemRepresentation: String { PEM.encode(label: "PUBLIC KEY", derBytes) }

    /// The key's stable ID: the first 16 bytes of SHA-256 over `derRepresentation`.
    public var keyID: KeyID { KeyID(subjectPublicKeyInfo: derBytes) }

    /// The purpose this key serves.
    public var purpose: KeyPurpose { Scheme.purpose }

    /// Equal when the SubjectPublicKeyInfo is equal.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.derBytes == rhs.derBytes }

    /// Hashes the SubjectPublicKeyInfo.
    public func hash(into hasher: inout Hasher) { hasher.combine(derBytes) }

    /// `algorithm public key <key ID>`.
    public var description: String { "\(Scheme.algorithm) public key \(keyID)" }
}
