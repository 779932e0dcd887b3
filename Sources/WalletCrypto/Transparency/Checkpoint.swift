import Foundation

/// A transparency-log checkpoint in the C2SP tlog-checkpoint format (c2sp.org/tlog-checkpoint): the
/// log's origin, its size in decimal and its RFC 9162 root hash in base64, one per line, carried
/// as a C2SP signed note.
///
/// Security contract: a checkpoint opened with `init(signedNote:verifiers:)` is one the holder of a
/// trusted key signed; it commits the log to exactly these entries, in this order, up to `size`.
/// A later log that is not consistent with it (RFC 9162 consistency proof) was edited, cut or
/// reordered. This library writes no extension lines and refuses a checkpoint that has any, so
/// every accepted checkpoint has one meaning.
public struct Checkpoint: Sendable, Equatable {
    /// The log's name; also the key name its signatures are made under.
    public let origin: String
    /// The number of entries committed to.
    public let size: UInt64
    /// The RFC 9162 root of the first `size` entries.
    public let rootHash: [UInt8]

    /// A checkpoint body. Throws `CryptoError` `.invalidParameter` for an origin that is not a valid note key
    /// name or a root that is not 32 bytes.
    public init(origin: String, size: UInt64, rootHash: [UInt8]) throws {
        guard NoteVerifier.isValidName(origin), rootHash.count == MerkleTree.hashByteCount else {
            throw CryptoError(.invalidParameter, "a checkpoint has a note key name as origin and a 32-byte root")
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
    }

    /// Parses the three-line body. Throws `CryptoError` `.invalidEncoding` for anything else: extension lines,
    /// a size with a sign or leading zeros, non-canonical base64, a root of another length.
    public init(body: String) throws {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 4, lines[3].isEmpty, let size = UInt64(lines[1]),
            Identifier.equal(String(size), String(lines[1])), let root = SignedNote.canonicalBase64(lines[2])
        else { throw CryptoError(.invalidEncoding, "a checkpoint is origin, size and root hash on three lines") }
        do {
            try self.init(origin: String(lines[0]), size: size, rootHash: root)
        } catch {
            throw CryptoError(.invalidEncoding, "a checkpoint's origin or root hash is malformed")
        }
    }

    /// Opens a signed checkpoint: the note must carry a valid signature from one of `verifiers`
    /// whose name is the origin. Throws `CryptoError` `.invalidEncoding` or `.authenticationFailure`.
    public init(signedNote: String, verifiers: [NoteVerifier]) throws {
        let (text, signedBy) = try SignedNote.open(signedNote, verifiers: verifiers)
        try self.init(body: text)
        guard signedBy.contains(where: { Identifier.equal($0.name, origin) }) else {
            throw CryptoError.authenticationFailure
        }
    }

    /// `origin`, `size` and the base64 root, each followed by a newline.
    public var body: String { "\(origin)\n\(size)\n\(Data(rootHash).base64EncodedString())\n" }

    /// The body signed by every signer (each must be named after the origin). Throws
    /// `.invalidParameter` for a signer of another name.
    /// Throws `CryptoError`.
    public func signed(by signers: [NoteSigner]) throws -> String {
        guard signers.allSatisfy({ Identifier.equal($0.verifier.name, origin) }) else {
            throw CryptoError(.invalidParameter, "a checkpoint is signed under its origin's name")
        }
        return try SignedNote.sign(body, with: signers)
    }
}
