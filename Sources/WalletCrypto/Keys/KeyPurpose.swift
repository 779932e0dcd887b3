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
    /// Public-key encryption (SM2 encryption).
    public static let encryption = KeyPurpose(value: 3)

    /// The purpose for a `keyfile-v1` identifier, or nil.
    public init?(fileID: UInt8) {
        guard (1...3).contains(fileID) else { return nil }
        self.fileID = fileID
    }

    private init(value: UInt8) { fileID = value }

    /// "signing", "key agreement" or "encryption".
    public var description: String {
        switch fileID {
        case 1: "signing"
        case 2: "key agreement"
        default: "encryption"
        }
    }
}
