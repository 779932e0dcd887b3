/// A minisign public key: an Ed25519 public key and the key ID that signatures name it by
/// (`docs/spec/minisign.md`, after https://jedisct1.github.io/minisign/).
///
/// Security contract: parsing checks the encoding only (algorithm "Ed", exact length, canonical
/// base64, nothing trailing) and that the 32 bytes import as an Ed25519 key; it cannot tell who holds
/// the private key, so obtain the key over a channel you trust. The untrusted comment of a key file is
/// read, checked and discarded because anyone can edit it.
public struct MinisignPublicKey: Sendable, Hashable {
    /// The key that checks signatures.
    public let publicKey: Ed25519.PublicKey
    /// The ID that signatures made with the matching private key carry.
    public let keyID: MinisignKeyID

    static let algorithm: [UInt8] = Array("Ed".utf8)
    static let byteCount = 2 + MinisignKeyID.byteCount + 32

    /// Pairs a key with its ID. The ID must be the one used when signing, or every signature fails.
    public init(publicKey: Ed25519.PublicKey, keyID: MinisignKeyID) {
        self.publicKey = publicKey
        self.keyID = keyID
    }

    /// Parses the bare base64 line, as `minisign -P` takes it, with no line feed or spaces around it.
    /// Throws `CryptoError` `.invalidEncoding` for another algorithm, length, or non-canonical base64.
    public init(base64Representation: String) throws {
        let raw = try MinisignEncoding.decodeBase64(
            Array(base64Representation.utf8), byteCount: Self.byteCount, what: "a minisign public key")
        guard raw.starts(with: Self.algorithm) else {
            throw CryptoError(.invalidEncoding, "a minisign public key must use algorithm \"Ed\"")
        }
        do {
            publicKey = try Ed25519.PublicKey(rawRepresentation: raw[(2 + MinisignKeyID.byteCount)...])
        } catch {
            throw CryptoError(.invalidEncoding, "a minisign public key holds an invalid Ed25519 key")
        }
        keyID = MinisignKeyID(checked: Array(raw[2..<(2 + MinisignKeyID.byteCount)]))
    }

    /// Parses a public key file exactly as `minisign -G` writes it: "untrusted comment: …", LF, the
    /// base64 line, LF, and nothing more. Throws `CryptoError` `.invalidEncoding` otherwise (CRLF included).
    public init(fileRepresentation: some Sequence<UInt8>) throws {
        let lines = try MinisignEncoding.lines(Array(fileRepresentation), count: 2, what: "a minisign public key file")
        _ = try MinisignEncoding.comment(
            lines[0], prefix: MinisignEncoding.untrustedCommentPrefix,
            maxByteCount: MinisignEncoding.maxUntrustedCommentByteCount, what: "the untrusted comment")
        guard let line = String(validating: lines[1], as: UTF8.self) else {
            throw CryptoError(.invalidEncoding, "a minisign public key is not canonical base64")
        }
        try self.init(base64Representation: line)
    }

    /// The base64 line: "Ed" ‖ key ID ‖ public key, what `minisign -P` takes.
    public var base64Representation: String {
        MinisignEncoding.encodeBase64(Self.algorithm + keyID.bytes + publicKey.rawBytes)
    }

    /// The key file as minisign writes it, commented "minisign public key <ID>".
    public var fileRepresentation: String {
        "\(MinisignEncoding.untrustedCommentPrefix)minisign public key \(keyID)\n\(base64Representation)\n"
    }

    /// The key file with another untrusted comment, which nothing authenticates. Throws
    /// `.invalidParameter` if it holds CR, LF or NUL or is longer than minisign reads (1003 bytes).
    /// Throws `CryptoError`.
    public func fileRepresentation(untrustedComment: String) throws -> String {
        try MinisignEncoding.checkComment(
            untrustedComment, maxByteCount: MinisignEncoding.maxUntrustedCommentByteCount,
            what: "the untrusted comment")
        return "\(MinisignEncoding.untrustedCommentPrefix)\(untrustedComment)\n\(base64Representation)\n"
    }
}
