import Foundation

/// C2SP signed notes (c2sp.org/signed-note): a text ending in a newline, a blank line, and one
/// signature line per signer, `— <name> <base64(4-byte key ID ‖ signature)>`, over the text's exact
/// bytes (including its final newline). Ed25519 signatures only.
///
/// Security contract: `open` returns the text only when at least one signature from a given
/// verifier is valid, and refuses the note when any signature line claiming a given verifier's
/// name and key ID is invalid; lines from unknown keys are ignored, as the spec requires. Parsing
/// is strict: one blank line, no more than 100 signatures, at most 1 MiB, canonical base64.
public enum SignedNote {
    /// The most signature lines a note may carry.
    public static let maximumSignatureCount = 100

    /// `text`, a blank line, and a signature line from each signer. Throws `CryptoError` `.invalidParameter`
    /// for a text that is empty, does not end in a newline, contains a blank line or a control
    /// character other than newline.
    public static func sign(_ text: String, with signers: [NoteSigner]) throws -> String {
        let bytes = Array(text.utf8)
        guard isValidText(bytes), !signers.isEmpty else {
            throw CryptoError(.invalidParameter, "a note's text is non-empty lines of text each ending in a newline")
        }
        var note = text + "\n"
        for signer in signers { note += try signer.signatureLine(for: bytes) }
        return note
    }

    /// The text of `note` and the verifiers whose signatures on it are valid. Throws
    /// `.invalidEncoding` for a malformed note and `.authenticationFailure` when no signature from
    /// `verifiers` verifies or one that claims to be from them does not.
    /// Throws `CryptoError`.
    public static func open(_ note: String, verifiers: [NoteVerifier]) throws
        -> (text: String, signedBy: [NoteVerifier])
    {
        let bytes = Array(note.utf8)
        guard bytes.count <= 1 << 20, bytes.last == 0x0A else {
            throw CryptoError(.invalidEncoding, "a signed note ends in a newline and is at most 1 MiB")
        }
        // The text ends at the last blank line: signature lines never contain one.
        guard let split = lastBlankLine(bytes) else {
            throw CryptoError(.invalidEncoding, "a signed note has no blank line")
        }
        let text = Array(bytes[...split])
        guard isValidText(text) else { throw CryptoError(.invalidEncoding, "a signed note's text is malformed") }
        let lines = bytes[(split + 2)...].split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        guard !lines.isEmpty, lines.count <= maximumSignatureCount else {
            throw CryptoError(.invalidEncoding, "a signed note has 1 to \(maximumSignatureCount) signature lines")
        }
        var signedBy: [NoteVerifier] = []
        for line in lines {
            let (name, keyID, signature) = try parseSignatureLine(Array(line))
            for verifier in verifiers where Identifier.equal(verifier.name, name) && verifier.keyID == keyID {
                guard let signature = try? AsymmetricSignature<Ed25519>(rawRepresentation: signature),
                    verifier.publicKey.isValidSignature(signature, for: text)
                else { throw CryptoError.authenticationFailure }
                if !signedBy.contains(verifier) { signedBy.append(verifier) }
            }
        }
        guard !signedBy.isEmpty else { throw CryptoError.authenticationFailure }
        return (String(decoding: text, as: UTF8.self), signedBy)
    }

    /// Whether `note` has a signature line naming one of `verifiers` (name and key ID), valid or not.
    static func isSigned(_ note: String, byAnyOf verifiers: [NoteVerifier]) -> Bool {
        let bytes = Array(note.utf8)
        guard let split = lastBlankLine(bytes) else { return false }
        for line in bytes[(split + 2)...].split(separator: 0x0A) {
            guard let (name, keyID, _) = try? parseSignatureLine(Array(line)) else { continue }
            if verifiers.contains(where: { Identifier.equal($0.name, name) && $0.keyID == keyID }) { return true }
        }
        return false
    }

    private static func parseSignatureLine(_ line: [UInt8]) throws(CryptoError) -> (String, [UInt8], [UInt8]) {
        let dash: [UInt8] = [0xE2, 0x80, 0x94, 0x20]
        let fields = line.dropFirst(4).split(separator: 0x20, omittingEmptySubsequences: false)
        guard line.starts(with: dash), fields.count == 2,
            let name = String(validating: fields[0], as: UTF8.self), NoteVerifier.isValidName(name),
            let blob = canonicalBase64(Substring(decoding: fields[1], as: UTF8.self)), blob.count > 4
        else { throw CryptoError(.invalidEncoding, "a signature line is '— <name> <base64>'") }
        return (name, Array(blob.prefix(4)), Array(blob.dropFirst(4)))
    }

    /// Standard base64 with padding that re-encodes to the same text, or nil.
    static func canonicalBase64(_ text: Substring) -> [UInt8]? {
        guard let data = Data(base64Encoded: String(text)), Identifier.equal(data.base64EncodedString(), String(text))
        else { return nil }
        return Array(data)
    }

    /// Non-empty, valid UTF-8, ending in a newline, no blank line, no control character but newline.
    static func isValidText(_ text: [UInt8]) -> Bool {
        guard text.count > 0, text.last == 0x0A, text.first != 0x0A, String(validating: text, as: UTF8.self) != nil
        else { return false }
        for index in text.indices {
            if text[index] < 0x20 && text[index] != 0x0A || text[index] == 0x7F { return false }
            if index > 0 && text[index] == 0x0A && text[index - 1] == 0x0A { return false }
        }
        return true
    }

    private static func lastBlankLine(_ bytes: [UInt8]) -> Int? {
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == 0x0A && bytes[index + 1] == 0x0A { return index }
            index -= 1
        }
        return nil
    }
}
