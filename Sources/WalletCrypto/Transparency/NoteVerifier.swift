import Foundation

/// A public key that verifies C2SP signed notes (c2sp.org/signed-note), Ed25519 only.
///
/// Security contract: the key ID is the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key),
/// as the signed-note spec says, so a signature is bound to the signer's name and key. The text
/// form (`verifierKey`, `<name>+<hex key ID>+<base64(0x01 ‖ public key)>`) is what an auditor
/// needs and all it needs: it holds no secret. Trusting a verifier key is the caller's decision.
public struct NoteVerifier: Sendable, Hashable {
    /// The signer's name, compared as bytes.
    public let name: String
    /// The 4-byte key ID.
    public let keyID: [UInt8]
    /// The Ed25519 public key.
    public let publicKey: AsymmetricPublicKey<Ed25519>

    /// The verifier for `publicKey` under `name`. Throws `CryptoError` `.invalidParameter` for a name that is
    /// not a valid note key name (`NoteVerifier.isValidName`).
    public init(name: String, publicKey: AsymmetricPublicKey<Ed25519>) throws {
        guard Self.isValidName(name) else {
            throw CryptoError(.invalidParameter, "a note key name is 1 to 255 bytes of printable ASCII without '+'")
        }
        self.name = name
        self.publicKey = publicKey
        keyID = Self.keyID(name: name, publicKey: publicKey.rawBytes)
    }

    /// Parses `<name>+<hex key ID>+<base64(0x01 ‖ public key)>`. Throws `CryptoError` `.invalidEncoding` for any
    /// other shape, another algorithm byte, or a key ID that does not match the name and key.
    public init(verifierKey text: String) throws {
        // The name has no "+"; base64 may.
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let id = try? Hex.decode(String(parts[1])), id.count == 4,
            Identifier.equal(Hex.encode(id), String(parts[1])),
            let key = SignedNote.canonicalBase64(parts[2]), key.count == 33, key[0] == 1,
            let publicKey = try? AsymmetricPublicKey<Ed25519>(rawRepresentation: key[1...])
        else { throw CryptoError(.invalidEncoding, "a verifier key is <name>+<key ID>+<base64 Ed25519 key>") }
        do {
            try self.init(name: String(parts[0]), publicKey: publicKey)
        } catch {
            throw CryptoError(.invalidEncoding, "a verifier key's name is not a valid note key name")
        }
        guard keyID == id else { throw CryptoError(.invalidEncoding, "the verifier key's ID does not match its key") }
    }

    /// `<name>+<hex key ID>+<base64(0x01 ‖ public key)>`.
    public var verifierKey: String {
        "\(name)+\(Hex.encode(keyID))+\(Data([1] + publicKey.rawBytes).base64EncodedString())"
    }

    /// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), first 4 bytes.
    static func keyID(name: String, publicKey: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array(name.utf8) + [0x0A, 0x01] + publicKey).bytes.prefix(4))
    }

    /// A key name: 1 to 255 bytes of printable ASCII (0x21 to 0x7E) other than '+'. The signed-note
    /// spec allows any UTF-8 without spaces and '+'; this library writes and accepts ASCII only, so
    /// names compare as bytes without lookalikes.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255 && name.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != 0x2B }
    }
}
