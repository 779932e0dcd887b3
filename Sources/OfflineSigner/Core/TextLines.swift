/// A strict reader of the signer's line-based files: UTF-8, LF endings, one final LF, each line
/// either an exact keyword or `name: value`, in a fixed order.
struct TextLines {
    /// `bytes` as a string when they are valid UTF-8. ASCII (nearly every payment field) takes a
    /// plain copy; anything else goes through the standard library's validation, whose generic
    /// entry point costs a metadata lookup per call on the decoders' hot path.
    static func string(validating bytes: UnsafeRawBufferPointer) -> String? {
        var ascii: UInt8 = 0
        for byte in bytes { ascii |= byte }
        if ascii < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    private let lines: [Substring]
    private var index = 0
    private let file: String

    /// Splits `bytes` into lines. Throws `.invalidFile` for non-UTF-8, CR, a missing final LF, or
    /// more than `limit` bytes.
    init(_ bytes: [UInt8], file: String, limit: Int = 1 << 20, allowBlankLines: Bool = false) throws(SignerError) {
        self.file = file
        guard bytes.count <= limit else { throw SignerError(.invalidFile, "the \(file) is larger than \(limit) bytes") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SignerError(.invalidFile, "the \(file) is not UTF-8 text")
        }
        guard !bytes.contains(0x0D) else {
            throw SignerError(
                .invalidFile,
                "the \(file) has CR or CRLF line ends; it must use LF line ends only (save it as Unix text)")
        }
        guard text.hasSuffix("\n") else {
            throw SignerError(
                .invalidFile,
                "the \(file) does not end with a line end: add a final newline, or it may be truncated")
        }
        lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        if !allowBlankLines, let blank = lines.firstIndex(where: \.isEmpty) {
            throw SignerError(.invalidFile, "the \(file) has an empty line \(blank + 1)")
        }
    }

    var isAtEnd: Bool { index == lines.count }

    /// The next line, not consumed.
    var peek: Substring? { index < lines.count ? lines[index] : nil }

    /// Every remaining line, consuming them; for formats whose lines come in any order.
    mutating func rest() -> [Substring] {
        defer { index = lines.count }
        return Array(lines[index...])
    }

    /// Consumes a line that must be exactly `keyword`.
    mutating func expect(_ keyword: String, orElse reason: String) throws(SignerError) {
        guard index < lines.count, lines[index].utf8.elementsEqual(keyword.utf8) else {
            throw SignerError(.invalidFile, "the \(file) \(reason)")
        }
        index += 1
    }

    /// The value of the next line if it is `name: value`, consuming it; nil otherwise.
    mutating func optional(_ name: String) throws(SignerError) -> String? {
        guard index < lines.count, lines[index].utf8.starts(with: (name + ": ").utf8) else { return nil }
        let value = String(decoding: lines[index].utf8.dropFirst(name.utf8.count + 2), as: UTF8.self)
        try Self.checkText(value, "\(name) in the \(file)")
        index += 1
        return value
    }

    /// The value of the next line, which must be `name: value`.
    mutating func required(_ name: String) throws(SignerError) -> String {
        guard let value = try optional(name) else {
            throw SignerError(.invalidFile, "the \(file) lacks its '\(name)' line or has it out of order")
        }
        return value
    }

    /// Every consecutive `name: value` line.
    mutating func repeated(_ name: String) throws(SignerError) -> [String] {
        var values: [String] = []
        while let value = try optional(name) { values.append(value) }
        return values
    }

    /// Requires `end` as the last line.
    mutating func finish() throws(SignerError) {
        try expect("end", orElse: "has an unknown or misplaced line, or lacks its final 'end'")
        guard isAtEnd else { throw SignerError(.invalidFile, "the \(file) has data after 'end'") }
    }

    /// Text values: 1 to `maximum` UTF-8 bytes (bytes, not characters, so a value's size on screen
    /// and in memory is bounded), no control, line or paragraph separator characters, no leading or
    /// trailing spaces.
    static func checkText(_ value: String, _ field: String, maximum: Int = 1024) throws(SignerError) {
        guard !value.isEmpty, value.utf8.count <= maximum, value.utf8.first != 0x20, value.utf8.last != 0x20,
            !value.unicodeScalars.contains(where: {
                switch $0.properties.generalCategory {
                case .control, .lineSeparator, .paragraphSeparator: true
                default: false
                }
            })
        else {
            throw SignerError(
                .invalidFile,
                "the \(field) must be 1 to \(maximum) bytes without control or line-separator characters or outer spaces"
            )
        }
    }

    /// Lowercase hex of exactly `byteCount` bytes.
    static func hex(_ value: String, bytes byteCount: Int, _ field: String) throws(SignerError) -> [UInt8] {
        guard value.utf8.count == byteCount * 2,
            value.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { throw SignerError(.invalidFile, "the \(field) must be \(byteCount * 2) lowercase hex digits") }
        var bytes: [UInt8] = []
        var iterator = value.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            bytes.append(nibble(high) << 4 | nibble(low))
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8 { digit <= 0x39 ? digit - 0x30 : digit - 0x61 + 10 }

    /// A decimal without sign or leading zeros, at most `maximum`.
    static func count(_ value: String, _ field: String, maximum: UInt64 = UInt64(Int64.max)) throws(SignerError)
        -> UInt64
    {
        guard let number = UInt64(value), String(number) == value, number <= maximum else {
            throw SignerError(.invalidFile, "the \(field) must be a plain decimal number")
        }
        return number
    }
}
