import Foundation

/// Strict PEM armour (RFC 7468 "strict" form): one block, 64-character base64 lines, LF endings.
///
/// Security contract: the decoder accepts exactly one encoding of each byte string, so an armoured
/// key or file has one meaning; anything else is `.invalidEncoding`. It does not decrypt or
/// interpret the contents.
public enum PEM {
    /// Armours `der` under `label`, ending with a newline.
    public static func encode(label: String, _ der: some DataProtocol) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var index = base64.startIndex
        while index < base64.endIndex {
            let end = base64.index(index, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<end]))
            index = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The bytes armoured under `label` in `text`. Throws `CryptoError` `.invalidEncoding` for another label,
    /// text around the block, CR characters, long lines or non-canonical base64.
    public static func decode(label: String, _ text: String) throws -> [UInt8] {
        guard text.utf8.count <= 1 << 20 else { throw CryptoError(.invalidEncoding, "PEM text is larger than 1 MiB") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.count >= 2, lines.first == "-----BEGIN \(label)-----", lines.last == "-----END \(label)-----" else {
            throw CryptoError(.invalidEncoding, "expected one PEM block labelled \(label)")
        }
        let body = lines.dropFirst().dropLast()
        guard body.dropLast().allSatisfy({ $0.count == 64 }), let last = body.last, !last.isEmpty, last.count <= 64
        else {
            throw CryptoError(.invalidEncoding, "PEM lines must be 64 characters except the last")
        }
        let base64 = body.joined()
        guard let data = Data(base64Encoded: base64), data.base64EncodedString() == base64, !data.isEmpty else {
            throw CryptoError(.invalidEncoding, "the PEM body is not canonical base64")
        }
        return Array(data)
    }
}
