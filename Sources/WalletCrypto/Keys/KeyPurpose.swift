/// What a key is for. A key refuses work outside its purpose.
///
/// Security contract: using one key for two purposes (say, signing and key agreement) can let an
/// attack on one protocol reach the other. Every key type fixes its purpose, and every stored key
/// (`EncryptedKeyFile`) records it and is refused when loaded for another.
public struct KeyPurpose: Sendable, Hashable, CustomStringConvertible {
    /// The one-byte identifier used in `keyfile-v1`.
    public let fileID: UInt8

    /// Signing (Ed25519, ECDSA, SM2).
    public static let signing = KeyPurpose(value: 1)
    /// Key agreement (X25519, ECDH).
    public static let keyAgreement = KeyPurpose(value: 2)

    /// The purpose for a `keyfile-v1` identifier, or nil.
    public init?(fileID: UInt8) {
        guard fileID == 1 || fileID == 2 else { return nil }
        self.fileID = fileID
    }

    private init(value: UInt8) { fileID = value }

    /// "signing" or "key agreement".
    public var description: String { fileID == 1 ? "signing" : "key agreement" }
}
