import Foundation

/// An Ed25519 key that signs C2SP signed notes under a name.
///
/// Security contract: holds the private key; its `verifier` is the public half to give auditors.
/// It signs whatever text it is given: the caller decides what a signature means (a `Checkpoint`
/// commits to a log's size and root).
public struct NoteSigner: Sendable {
    /// The public half.
    public let verifier: NoteVerifier
    private let privateKey: AsymmetricPrivateKey<Ed25519>

    /// A signer for `privateKey` under `name`. Throws `CryptoError` `.invalidParameter` for an invalid name.
    public init(name: String, privateKey: AsymmetricPrivateKey<Ed25519>) throws {
        verifier = try NoteVerifier(name: name, publicKey: privateKey.publicKey)
        self.privateKey = privateKey
    }

    /// `— <name> <base64(key ID ‖ signature)>` and a newline: one signature line over `text`.
    func signatureLine(for text: [UInt8]) throws -> String {
        let signature = try privateKey.ed25519Signature(for: text).rawBytes
        return "\u{2014} \(verifier.name) \(Data(verifier.keyID + signature).base64EncodedString())\n"
    }
}
