import Foundation

/// An SM2 ciphertext (GB/T 32918.4): the point C1 = [k]G, the hash C3 = SM3(x2 ‖ M ‖ y2) and the
/// masked message C2, with the three byte forms other systems use.
///
/// Security contract: parsing is strict and checks only structure: C1 must be an uncompressed
/// point on the SM2 curve, C3 exactly 32 bytes, C2 1...`SM2.Encryption.maximumMessageByteCount`
/// bytes, encodings canonical and without trailing bytes, so every accepted input has one
/// meaning. It says nothing about authenticity: SM2 encryption is not signed, anyone with the
/// public key can make a valid ciphertext. The forms differ only in order, and the raw forms carry
/// no length fields, so a C1C3C2 reader given C1C2C3 bytes fails to decrypt rather than
/// misreading; never guess the form of untrusted input.
public struct SM2Ciphertext: Sendable, Hashable {
    /// C1 as an uncompressed point: 04 ‖ x ‖ y (65 bytes).
    public let c1: [UInt8]
    /// C3 = SM3(x2 ‖ M ‖ y2) (32 bytes).
    public let c3: [UInt8]
    /// C2 = M ⊕ KDF(x2 ‖ y2), as long as the message.
    public let c2: [UInt8]

    private static let fieldByteCount = 32
    private static let pointByteCount = 65
    private static let hashByteCount = 32

    /// Parses the GM/T 0009-2012 DER form, SEQUENCE { INTEGER x, INTEGER y, OCTET STRING C3,
    /// OCTET STRING C2 }, which OpenSSL and GmSSL write. Throws `CryptoError` `.invalidEncoding`.
    public init(derRepresentation: some DataProtocol) throws {
        var outer = DERReader(Array(derRepresentation))
        var fields = DERReader(Array(try outer.read(tag: 0x30)))
        guard outer.isAtEnd else { throw DER.malformed("trailing bytes after the SM2 ciphertext") }
        let x = try fields.readUnsignedInteger(byteCount: Self.fieldByteCount)
        let y = try fields.readUnsignedInteger(byteCount: Self.fieldByteCount)
        let c3 = Array(try fields.read(tag: 0x04))
        let c2 = Array(try fields.read(tag: 0x04))
        guard fields.isAtEnd else { throw DER.malformed("extra fields in the SM2 ciphertext") }
        try self.init(c1: [0x04] + x + y, c3: c3, c2: c2)
    }

    /// Parses the raw GB/T 32918.4-2016 order C1 ‖ C3 ‖ C2 with C1 = 04 ‖ x ‖ y. Throws
    /// `CryptoError` `.invalidEncoding`.
    public init(c1c3c2Representation: some DataProtocol) throws {
        let bytes = Array(c1c3c2Representation)
        let head = Self.pointByteCount + Self.hashByteCount
        guard bytes.count > head else { throw Self.tooShort(bytes.count) }
        try self.init(
            c1: Array(bytes[..<Self.pointByteCount]), c3: Array(bytes[Self.pointByteCount..<head]),
            c2: Array(bytes[head...]))
    }

    /// Parses the legacy order C1 ‖ C2 ‖ C3 (GM/T 0003-2012 drafts and older software) with
    /// C1 = 04 ‖ x ‖ y. Throws `CryptoError` `.invalidEncoding`.
    public init(legacyC1C2C3Representation: some DataProtocol) throws {
        let bytes = Array(legacyC1C2C3Representation)
        guard bytes.count > Self.pointByteCount + Self.hashByteCount else { throw Self.tooShort(bytes.count) }
        let hashStart = bytes.count - Self.hashByteCount
        try self.init(
            c1: Array(bytes[..<Self.pointByteCount]), c3: Array(bytes[hashStart...]),
            c2: Array(bytes[Self.pointByteCount..<hashStart]))
    }

    /// Assembles a ciphertext from its parts, with the checks of the parsers. Throws `CryptoError`
    /// `.invalidEncoding` for a part of the wrong length or a C1 not on the curve.
    public init(c1: some DataProtocol, c3: some DataProtocol, c2: some DataProtocol) throws {
        let (c1, c3, c2) = (Array(c1), Array(c3), Array(c2))
        guard c1.count == Self.pointByteCount, c1.first == 0x04 else {
            throw CryptoError(.invalidEncoding, "SM2 C1 must be an uncompressed point, 04 ‖ x ‖ y (65 bytes)")
        }
        guard c3.count == Self.hashByteCount else {
            throw CryptoError(.invalidEncoding, "SM2 C3 is an SM3 hash of 32 bytes, got \(c3.count)")
        }
        guard !c2.isEmpty, c2.count <= SM2.Encryption.maximumMessageByteCount else {
            throw CryptoError(
                .invalidEncoding,
                "SM2 C2 must have 1...\(SM2.Encryption.maximumMessageByteCount) bytes, got \(c2.count)")
        }
        guard CurveGroup.sm2.contains(point: c1) else {
            throw CryptoError(.invalidEncoding, "SM2 C1 is not a point on the SM2 curve")
        }
        self.c1 = c1
        self.c3 = c3
        self.c2 = c2
    }

    private static func tooShort(_ count: Int) -> CryptoError {
        CryptoError(.invalidEncoding, "an SM2 ciphertext has more than 97 bytes, got \(count)")
    }

    /// The GM/T 0009-2012 DER form (what `openssl pkeyutl -encrypt` writes), as `Data`.
    public var derRepresentation: Data { Data(derBytes) }

    /// `derRepresentation` as an array, for the library's own calls into OpenSSL.
    var derBytes: [UInt8] {
        let x = Array(c1[1...Self.fieldByteCount])
        let y = Array(c1[(1 + Self.fieldByteCount)...])
        return DER.encode(
            tag: 0x30,
            DER.unsignedInteger(x) + DER.unsignedInteger(y) + DER.encode(tag: 0x04, c3) + DER.encode(tag: 0x04, c2))
    }

    /// C1 ‖ C3 ‖ C2, the order of GB/T 32918.4-2016, as `Data`.
    public var c1c3c2Representation: Data { Data(c1c3c2Bytes) }

    /// `c1c3c2Representation` as an array, for envelopes' byte layouts.
    var c1c3c2Bytes: [UInt8] { c1 + c3 + c2 }

    /// C1 ‖ C2 ‖ C3, the legacy order, as `Data`; only for peers that require it.
    public var legacyC1C2C3Representation: Data { Data(c1 + c2 + c3) }
}
