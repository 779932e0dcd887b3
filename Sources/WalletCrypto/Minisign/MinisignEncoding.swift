import Foundation

/// The line, comment and base64 rules that minisign public key and signature files share
/// (`docs/spec/minisign.md`). Parsing is strict so that every accepted file has one meaning.
enum MinisignEncoding {
    static let lineFeed = UInt8(ascii: "\n")
    static let untrustedCommentPrefix = "untrusted comment: "
    static let trustedCommentPrefix = "trusted comment: "

    /// minisign reads the untrusted comment line with `fgets` into 1024 bytes, so prefix, text and
    /// line feed fit in 1023; a longer line makes `minisign -V` fail.
    static let maxUntrustedCommentByteCount = 1023 - 19 - 1
    /// minisign reads the trusted comment line into 8192 bytes: prefix, text and line feed fit in 8191.
    static let maxTrustedCommentByteCount = 8191 - 17 - 1

    /// Canonical, padded base64 (RFC 4648 section 4) of exactly `byteCount` bytes. Anything else,
    /// including non-zero padding bits, whitespace or a missing `=`, throws `.invalidEncoding`.
    static func decodeBase64(_ text: some Collection<UInt8>, byteCount: Int, what: String) throws(CryptoError)
        -> [UInt8]
    {
        let expected = (byteCount + 2) / 3 * 4
        guard text.count == expected else {
            throw CryptoError(.invalidEncoding, "\(what) must be \(expected) base64 characters, got \(text.count)")
        }
        let encoded = Data(text)
        guard let decoded = Data(base64Encoded: encoded), decoded.count == byteCount,
            decoded.base64EncodedData() == encoded
        else {
            throw CryptoError(.invalidEncoding, "\(what) is not canonical base64")
        }
        return Array(decoded)
    }

    static func encodeBase64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Splits a file into exactly `count` lines, each ended by one line feed, with nothing after.
    static func lines(_ bytes: [UInt8], count: Int, what: String) throws(CryptoError) -> [ArraySlice<UInt8>] {
        guard bytes.last == lineFeed else {
            throw CryptoError(.invalidEncoding, "\(what) must end with a line feed")
        }
        let lines = bytes.dropLast().split(separator: lineFeed, omittingEmptySubsequences: false)
        guard lines.count == count else {
            throw CryptoError(.invalidEncoding, "\(what) must have \(count) lines, got \(lines.count)")
        }
        return lines
    }

    /// The text after `prefix` on a comment line, checked by `checkComment`.
    static func comment(_ line: ArraySlice<UInt8>, prefix: String, maxByteCount: Int, what: String)
        throws(CryptoError) -> String
    {
        let prefixBytes = Array(prefix.utf8)
        guard line.starts(with: prefixBytes) else {
            throw CryptoError(.invalidEncoding, "\(what) must start with \"\(prefix)\"")
        }
        let text = line.dropFirst(prefixBytes.count)
        guard let comment = String(validating: text, as: UTF8.self) else {
            throw CryptoError(.invalidEncoding, "\(what) is not UTF-8")
        }
        try checkComment(comment, maxByteCount: maxByteCount, what: what, code: .invalidEncoding)
        return comment
    }

    /// A comment must stay on its line and fit minisign's buffer. minisign stops a line at CR and a
    /// string at NUL, so either would make it sign or check other bytes than we do.
    static func checkComment(
        _ comment: String, maxByteCount: Int, what: String, code: CryptoError.Code = .invalidParameter
    ) throws(CryptoError) {
        guard comment.utf8.count <= maxByteCount else {
            throw CryptoError(
                code, "\(what) is \(comment.utf8.count) bytes, at most \(maxByteCount) are allowed")
        }
        guard !comment.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else {
            throw CryptoError(code, "\(what) must be one line without CR, LF or NUL")
        }
    }
}
