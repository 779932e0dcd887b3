import WalletCrypto

/// The strict text armour of requests and responses, for copy and paste or printing.
///
/// Security contract: armour changes only the transport form; the armoured bytes are the file
/// followed by the first 8 bytes of its SHA-256, so a dropped, repeated or altered line is refused
/// by `dearmor` even when the rest would still parse; `dearmor` accepts exactly the canonical
/// PEM-style form and the content must still parse.
public enum Armor {
    /// The armour label for a file's header line.
    static func label(for bytes: [UInt8]) throws(SignerError) -> String {
        if bytes.starts(with: Array((SigningRequest.header + "\n").utf8)) { return "WALLETCUSTODY REQUEST" }
        if bytes.starts(with: Array((SigningResponse.header + "\n").utf8)) { return "WALLETCUSTODY RESPONSE" }
        throw SignerError(.invalidFile, "only request-v1 and response-v1 files can be armoured")
    }

    /// Armours a request or response file, after checking it parses.
    /// Throws `SignerError`.
    public static func armor(_ bytes: [UInt8]) throws -> String {
        let label = try label(for: bytes)
        _ = try validated(bytes, label: label)
        return PEM.encode(label: label, bytes + checksum(bytes))
    }

    /// Removes the armour and checks the content parses as the labelled type.
    /// Throws `SignerError`.
    public static func dearmor(_ text: String) throws -> [UInt8] {
        for label in ["WALLETCUSTODY REQUEST", "WALLETCUSTODY RESPONSE"]
        where text.hasPrefix("-----BEGIN \(label)-----") {
            do {
                let decoded = try PEM.decode(label: label, text)
                let bytes = Array(decoded.dropLast(8))
                guard decoded.count > 8, decoded.suffix(8).elementsEqual(checksum(bytes)) else {
                    throw SignerError(
                        .invalidFile,
                        "the armoured \(label) text's checksum does not match: a line is missing or altered")
                }
                return try validated(bytes, label: label)
            } catch let error as SignerError {
                throw error
            } catch {
                throw SignerError(.invalidFile, "the armoured text is damaged: \(error)")
            }
        }
        throw SignerError(.invalidFile, "the text is not an armoured WalletCustody request or response")
    }

    /// The first 8 bytes of SHA-256(`bytes`).
    private static func checksum(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes).bytes.prefix(8)) }

    private static func validated(_ bytes: [UInt8], label: String) throws(SignerError) -> [UInt8] {
        try SignerError.narrowing(.invalidFile) {
            if label == "WALLETCUSTODY REQUEST" {
                _ = try SigningRequest(parsing: bytes)
            } else {
                _ = try SigningResponse(parsing: bytes)
            }
        }
        return bytes
    }
}
