import Glibc

/// Reads the `pain.001.001.09` subset of `docs/spec/pain001.md` with libxml2's SAX2 parser
/// (`Pain001SAXParser`), from the hashed bytes without copying them.
///
/// Entities: `prescan` refuses every markup declaration (so no DTD and no entity can be
/// declared) and every entity reference but the five predefined ones before the parser runs;
/// the parser runs without entity substitution, entity lookup, DTD loading or network, as a
/// second wall.
enum Pain001Decoder {
    /// The only namespace version 09 files may use.
    static let namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
    static let name = PayloadFormat.pain001.rawValue

    static func decode(_ bytes: UnsafeRawBufferPointer, keep: Int, keepAll: Bool) throws(SignerError)
        -> DecodedBatch
    {
        try prescan(bytes)
        var reader = Pain001Reader(keep: keep, keepAll: keepAll, byteCount: bytes.count)
        Pain001SAXParser.read(bytes, into: &reader)
        if let error = reader.error { throw error }
        return try reader.finish()
    }

    /// Refuses, by scanning the raw bytes: an empty file, a byte order mark, NUL bytes, any `<!`
    /// other than a comment (DOCTYPE, ENTITY and other declarations, CDATA), any entity reference
    /// other than `&lt; &gt; &amp; &quot; &apos;` and character references, any processing
    /// instruction other than the XML declaration, and a declared encoding other than UTF-8.
    static func prescan(_ bytes: UnsafeRawBufferPointer) throws(SignerError) {
        let refuse = { (reason: String) in SignerError(.invalidFile, "the \(name) payload \(reason)") }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { throw refuse("is empty") }
        guard !bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { throw refuse("starts with a byte order mark") }
        guard memchr(base, 0, bytes.count) == nil else { throw refuse("holds a NUL byte") }
        if bytes.starts(with: "<?xml".utf8) {
            guard let end = find("?>", in: bytes, from: 0), end < 256 else {
                throw refuse("has an XML declaration that does not end")
            }
            let declaration = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
            if declaration.contains("encoding") && !declaration.contains("\"utf-8\"")
                && !declaration.contains("'utf-8'")
            {
                throw refuse("declares an encoding other than UTF-8")
            }
        }
        try scan(bytes, for: UInt8(ascii: "!")) { index throws(SignerError) in
            guard index > 0, bytes[index - 1] == UInt8(ascii: "<") else { return }
            guard bytes[index...].starts(with: "!--".utf8) else {
                throw refuse(
                    "holds a markup declaration or CDATA section at byte \(index - 1) (no DOCTYPE, DTD, ENTITY or CDATA is accepted)"
                )
            }
        }
        try scan(bytes, for: UInt8(ascii: "?")) { index throws(SignerError) in
            guard index > 1, bytes[index - 1] == UInt8(ascii: "<") else { return }
            throw refuse("holds a processing instruction at byte \(index - 1)")
        }
        try scan(bytes, for: UInt8(ascii: "&")) { index throws(SignerError) in
            let rest = bytes[(index + 1)...].prefix(12)
            for predefined in ["lt;", "gt;", "amp;", "quot;", "apos;"] where rest.starts(with: predefined.utf8) {
                return
            }
            let isDecimal = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
            let isHex = { (byte: UInt8) in isDecimal(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66) }
            if rest.first == UInt8(ascii: "#") {
                let hex = rest.dropFirst().first == UInt8(ascii: "x")
                let digits = rest.dropFirst(hex ? 2 : 1).prefix { hex ? isHex($0) : isDecimal($0) }
                if !digits.isEmpty && rest.dropFirst((hex ? 2 : 1) + digits.count).first == UInt8(ascii: ";") {
                    return
                }
            }
            throw refuse(
                "holds an entity reference at byte \(index) (only &lt; &gt; &amp; &quot; &apos; and character references are accepted)"
            )
        }
    }

    /// Calls `body` with the index of each `byte`, found with `memchr`.
    private static func scan(
        _ bytes: UnsafeRawBufferPointer, for byte: UInt8, _ body: (Int) throws(SignerError) -> Void
    ) throws(SignerError) {
        let base = bytes.baseAddress!
        var index = 0
        while index < bytes.count, let found = memchr(base + index, Int32(byte), bytes.count - index) {
            let position = base.distance(to: UnsafeRawPointer(found))
            try body(position)
            index = position + 1
        }
    }

    /// The index of `needle` at or after `start`.
    private static func find(_ needle: String, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return nil }
        return (start...(bytes.count - pattern.count)).first { bytes[$0...].starts(with: pattern) }
    }
}
