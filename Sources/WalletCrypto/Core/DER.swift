/// Strict DER (ITU-T X.690 distinguished encoding) for the few structures WalletCrypto parses
/// itself because OpenSSL 3.0 has no public parser for them (GM/T 0009 SM2 ciphertexts, GmSSL's
/// PBES2 parameters with SM3 and SM4).
///
/// Reading accepts exactly one encoding per value: definite minimal lengths, minimal non-negative
/// integers, and nothing after the outer value.
struct DERReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    /// The tag of the next value, or nil at the end.
    var nextTag: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    /// The contents of the next value, which must have `tag`.
    mutating func read(tag: UInt8) throws(CryptoError) -> ArraySlice<UInt8> {
        guard offset + 2 <= bytes.count, bytes[offset] == tag else { throw DER.malformed("unexpected tag") }
        let first = bytes[offset + 1]
        offset += 2
        var length = Int(first)
        if first >= 0x80 {
            let count = Int(first & 0x7f)
            // 0x80 (indefinite) is BER only; four length bytes are far beyond anything parsed here.
            guard count >= 1, count <= 3, offset + count <= bytes.count, bytes[offset] != 0 else {
                throw DER.malformed("bad length")
            }
            length = bytes[offset..<(offset + count)].reduce(0) { $0 << 8 | Int($1) }
            offset += count
            guard length >= 0x80 else { throw DER.malformed("non-minimal length") }
        }
        guard length <= bytes.count - offset else { throw DER.malformed("length beyond the input") }
        defer { offset += length }
        return bytes[offset..<(offset + length)]
    }

    /// A non-negative INTEGER of at most `byteCount` bytes, left-padded to exactly `byteCount`.
    mutating func readUnsignedInteger(byteCount: Int) throws(CryptoError) -> [UInt8] {
        var content = try read(tag: 0x02)
        guard let first = content.first, first & 0x80 == 0 else { throw DER.malformed("empty or negative integer") }
        if first == 0, content.count > 1 {
            guard content[content.startIndex + 1] & 0x80 != 0 else { throw DER.malformed("non-minimal integer") }
            content = content.dropFirst()
        }
        guard content.count <= byteCount else { throw DER.malformed("integer too large") }
        return [UInt8](repeating: 0, count: byteCount - content.count) + content
    }
}

/// DER writing for the same structures.
enum DER {
    static func malformed(_ what: String) -> CryptoError {
        CryptoError(.invalidEncoding, "malformed DER: \(what)")
    }

    /// tag ‖ minimal length ‖ contents.
    static func encode(tag: UInt8, _ contents: [UInt8]) -> [UInt8] {
        let count = contents.count
        let length: [UInt8] =
            switch count {
            case ..<0x80: [UInt8(count)]
            case ..<0x100: [0x81, UInt8(count)]
            case ..<0x10000: [0x82, UInt8(count >> 8), UInt8(count & 0xff)]
            default: [0x83, UInt8(count >> 16), UInt8((count >> 8) & 0xff), UInt8(count & 0xff)]
            }
        return [tag] + length + contents
    }

    /// The minimal INTEGER for the big-endian unsigned `value`.
    static func unsignedInteger(_ value: [UInt8]) -> [UInt8] {
        var digits = Array(value.drop { $0 == 0 })
        if digits.isEmpty || digits[0] & 0x80 != 0 { digits.insert(0, at: 0) }
        return encode(tag: 0x02, digits)
    }
}
