import Foundation
import WalletCrypto

/// A request to sign, the `request-v1` format of `docs/spec/request-v1.md`.
///
/// Security contract: parsing is strict and canonical: a parsed request re-encodes to exactly its
/// input bytes, so the bytes a person reviewed are the bytes that are signed. A request says
/// nothing about who made it; the policy and the person reviewing decide whether to sign.
public struct SigningRequest: Sendable, Equatable {
    /// One payload file, named by its SHA-256 and size.
    public struct Payload: Sendable, Equatable {
        /// The file's name, without folders.
        public let name: String
        /// The file's size in bytes.
        public let byteCount: UInt64
        /// SHA-256 of the file's contents.
        public let sha256: [UInt8]

        /// Checks the name (`A-Z a-z 0-9 . _ -`, 1-255, not starting with `.`) and the hash length.
        public init(name: String, byteCount: UInt64, sha256: [UInt8]) throws(SignerError) {
            guard !name.isEmpty, name.utf8.count <= 255, name.first != ".",
                name.utf8.allSatisfy({ Self.nameBytes.contains($0) })
            else {
                throw SignerError(
                    .invalidFile, "a payload name is 1 to 255 of A-Z a-z 0-9 . _ - and does not start with '.'")
            }
            guard sha256.count == 32 else { throw SignerError(.invalidFile, "a payload hash is 32 bytes") }
            self.name = name
            self.byteCount = byteCount
            self.sha256 = sha256
        }

        private static let nameBytes = Set(
            Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-".utf8))
    }

    /// 16 random bytes naming the request.
    public let id: [UInt8]
    /// When the request was made.
    public let created: Date
    /// After this time the signer refuses it.
    public let expires: Date
    /// What is being signed, such as `payout-batch` or `release`; the policy allows kinds.
    public let kind: String
    /// The typed fields the person reviews.
    public let summary: RequestSummary
    /// The payload files, sorted by name.
    public let payloads: [Payload]
    /// The canonical file bytes.
    public let bytes: [UInt8]

    static let header = "walletcustody-request-v1"

    /// Assembles and encodes a new request. Throws `.invalidFile` for any field the format rejects.
    public init(
        id: [UInt8] = SecureRandom.bytes(count: 16), created: Date, expires: Date, kind: String,
        summary: RequestSummary, payloads: [Payload]
    ) throws(SignerError) {
        guard id.count == 16 else { throw SignerError(.invalidFile, "a request ID is 16 bytes") }
        guard !kind.isEmpty, kind.utf8.count <= 64, kind.utf8.first.map({ (0x61...0x7A).contains($0) }) ?? false,
            kind.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D })
        else { throw SignerError(.invalidFile, "a request kind is 1 to 64 of a-z 0-9 - starting with a letter") }
        try summary.validate()
        let sorted = payloads.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        guard !sorted.isEmpty else { throw SignerError(.invalidFile, "a request names at least one payload") }
        guard Set(sorted.map(\.name)).count == sorted.count else {
            throw SignerError(.invalidFile, "the request names a payload twice")
        }
        let createdText = UTCTime.format(created)
        let expiresText = UTCTime.format(expires)
        guard expiresText > createdText else {
            throw SignerError(.invalidFile, "the request's expiry must be after its creation time")
        }
        var text =
            "\(Self.header)\nid: \(Hex.encode(id))\ncreated: \(createdText)\nexpires: \(expiresText)\nkind: \(kind)\n"
        for (name, value) in summary.lines { text += "\(name): \(value)\n" }
        for payload in sorted {
            text += "payload: \(Hex.encode(payload.sha256)) \(payload.byteCount) \(payload.name)\n"
        }
        text += "end\n"
        self.id = id
        self.created = try UTCTime.parse(createdText, "created")
        self.expires = try UTCTime.parse(expiresText, "expires")
        self.kind = kind
        self.summary = summary
        self.payloads = sorted
        bytes = Array(text.utf8)
    }

    /// Parses a request file. Throws `.invalidFile` naming the defect.
    public init(parsing bytes: [UInt8]) throws(SignerError) {
        var lines = try TextLines(bytes, file: "request")
        try lines.expect(Self.header, orElse: "is not a walletcustody-request-v1 file (unknown version or type)")
        let id = try TextLines.hex(try lines.required("id"), bytes: 16, "request id")
        let created = try UTCTime.parse(try lines.required("created"), "created")
        let expires = try UTCTime.parse(try lines.required("expires"), "expires")
        let kind = try lines.required("kind")
        let summary = RequestSummary(
            amount: try lines.optional("summary.amount"), currency: try lines.optional("summary.currency"),
            payee: try lines.optional("summary.payee"), purpose: try lines.optional("summary.purpose"),
            reference: try lines.optional("summary.reference"))
        let payloads = try lines.repeated("payload").map { (line) throws(SignerError) -> Payload in
            let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { throw SignerError(.invalidFile, "a payload line is: sha256 size name") }
            return try Payload(
                name: String(fields[2]), byteCount: try TextLines.count(String(fields[1]), "payload size"),
                sha256: try TextLines.hex(String(fields[0]), bytes: 32, "payload hash"))
        }
        try lines.finish()
        try self.init(id: id, created: created, expires: expires, kind: kind, summary: summary, payloads: payloads)
        guard self.bytes == bytes else {
            throw SignerError(.invalidFile, "the request is not in canonical form (order or formatting differs)")
        }
    }

    /// Reads and parses the request at `path`.
    public init(contentsOfFile path: String) throws(SignerError) {
        try self.init(parsing: try FileAccess.read(path, what: "request"))
    }

    /// The request ID in hex.
    public var idHex: String { Hex.encode(id) }

    /// SHA-256 of `bytes`, which responses and the journal name.
    public var sha256: [UInt8] { SHA256.hash(data: bytes).bytes }
}
