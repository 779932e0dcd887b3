import Foundation
import WalletCrypto

/// A request to sign: the `request-v2` format of `docs/spec/request-v2.md`, and the retired
/// `request-v1` (`docs/spec/request-v1.md`) read for verification only.
///
/// Security contract: parsing is strict and canonical: a parsed request re-encodes to exactly its
/// input bytes, so the bytes a person reviewed are the bytes that are signed. A request-v2's content
/// lines (payment count, totals per currency, payees) are a claim that the signer recomputes from
/// the payloads and refuses when it differs (`PayloadContent.check`); a request-v1's summary was typed
/// by the requester and is never trusted, which is why `sign` refuses request-v1. A request says
/// nothing about who made it; the policy and the person reviewing decide whether to sign.
public struct SigningRequest: Sendable, Equatable {
    /// One payload file, named by its SHA-256, size and format.
    public struct Payload: Sendable, Equatable {
        /// The file's name, without folders.
        public let name: String
        /// The file's size in bytes.
        public let byteCount: UInt64
        /// SHA-256 of the file's contents.
        public let sha256: [UInt8]
        /// How the signer reads the file; `.opaque` files are hashed, not read.
        public let format: PayloadFormat

        /// Checks the name (`A-Z a-z 0-9 . _ -`, 1-255, not starting with `.`) and the hash length;
        /// throws `SignerError` `.invalidFile` otherwise.
        public init(name: String, byteCount: UInt64, sha256: [UInt8], format: PayloadFormat = .opaque) throws {
            try self.init(checking: name, byteCount: byteCount, sha256: sha256, format: format)
        }

        init(checking name: String, byteCount: UInt64, sha256: [UInt8], format: PayloadFormat = .opaque)
            throws(SignerError)
        {
            guard !name.isEmpty, name.utf8.count <= 255, name.utf8.first != 0x2E,
                name.utf8.allSatisfy({ Self.nameBytes.contains($0) })
            else {
                throw SignerError(
                    .invalidFile, "a payload name is 1 to 255 of A-Z a-z 0-9 . _ - and does not start with '.'")
            }
            guard sha256.count == 32 else { throw SignerError(.invalidFile, "a payload hash is 32 bytes") }
            self.name = name
            self.byteCount = byteCount
            self.sha256 = sha256
            self.format = format
        }

        private static let nameBytes = Set(
            Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-".utf8))
    }

    /// 1 for the retired `request-v1` (verification only), 2 for `request-v2`.
    public let version: Int
    /// 16 random bytes naming the request.
    public let id: [UInt8]
    /// When the request was made.
    public let created: Date
    /// After this time the signer refuses it.
    public let expires: Date
    /// What is being signed, such as `payment-batch` or `release`; the policy allows kinds.
    public let kind: String
    /// The requester's note on why (request-v2), shown as unchecked text.
    public let purpose: String?
    /// An external reference such as a ticket (request-v2), shown as unchecked text.
    public let reference: String?
    /// The M-of-N signer set that `verify` and `combine` enforce, when the request names one.
    public let quorum: Quorum?
    /// What the payloads pay, as claimed by the requester and recomputed by the signer; nil when
    /// every payload is opaque.
    public let content: ContentSummary?
    /// The request-v1 summary typed by the requester: never checked, kept only to re-encode.
    public let legacySummary: RequestSummary?
    /// The payload files, sorted by name.
    public let payloads: [Payload]
    /// The canonical file bytes.
    public let bytes: [UInt8]

    static let header = "walletcustody-request-v2"
    static let legacyHeader = "walletcustody-request-v1"
    /// The largest request file accepted.
    static let maximumSize = 1 << 20

    /// Assembles and encodes a new request-v2. Throws `SignerError` `.invalidFile` for any field the format rejects.
    public init(
        id: [UInt8] = SecureRandom.bytes(count: 16), created: Date, expires: Date, kind: String,
        purpose: String? = nil, reference: String? = nil, quorum: Quorum? = nil, content: ContentSummary?,
        payloads: [Payload]
    ) throws {
        var text = try Self.commonLines(id: id, created: created, expires: expires, kind: kind)
        if let purpose {
            try TextLines.checkText(purpose, "purpose", maximum: 200)
            text += "purpose: \(purpose)\n"
        }
        if let reference {
            try TextLines.checkText(reference, "reference", maximum: 200)
            text += "reference: \(reference)\n"
        }
        if let quorum { text += quorum.lines }
        let sorted = try Self.sortedPayloads(payloads)
        for payload in sorted {
            text +=
                "payload: \(Hex.encode(payload.sha256)) \(payload.byteCount) \(payload.format.rawValue) \(payload.name)\n"
        }
        let decodable = sorted.contains { $0.format != .opaque }
        guard decodable == (content != nil) else {
            throw SignerError(
                .invalidFile,
                decodable
                    ? "a request with payment payloads must state their content (payments, totals, payees)"
                    : "a request whose payloads are all opaque files cannot state payment content")
        }
        if let content { text += content.lines }
        text += "end\n"
        guard text.utf8.count <= Self.maximumSize else {
            throw SignerError(.invalidFile, "the request would be larger than 1 MiB")
        }
        version = 2
        self.id = id
        self.created = try UTCTime.parse(UTCTime.format(created), "created")
        self.expires = try UTCTime.parse(UTCTime.format(expires), "expires")
        self.kind = kind
        self.purpose = purpose
        self.reference = reference
        self.quorum = quorum
        self.content = content
        legacySummary = nil
        self.payloads = sorted
        bytes = Array(text.utf8)
    }

    /// Assembles a retired request-v1, which only `verify` still reads; kept for old responses.
    init(
        legacyID id: [UInt8], created: Date, expires: Date, kind: String, summary: RequestSummary, payloads: [Payload]
    ) throws(SignerError) {
        var text = try Self.commonLines(id: id, created: created, expires: expires, kind: kind)
            .replacingOccurrences(of: Self.header, with: Self.legacyHeader)
        try summary.validate()
        for (name, value) in summary.lines { text += "\(name): \(value)\n" }
        let sorted = try Self.sortedPayloads(payloads)
        for payload in sorted {
            text += "payload: \(Hex.encode(payload.sha256)) \(payload.byteCount) \(payload.name)\n"
        }
        text += "end\n"
        version = 1
        self.id = id
        self.created = try UTCTime.parse(UTCTime.format(created), "created")
        self.expires = try UTCTime.parse(UTCTime.format(expires), "expires")
        self.kind = kind
        purpose = nil
        reference = nil
        quorum = nil
        content = nil
        legacySummary = summary
        self.payloads = sorted
        bytes = Array(text.utf8)
    }

    private static func commonLines(id: [UInt8], created: Date, expires: Date, kind: String) throws(SignerError)
        -> String
    {
        guard id.count == 16 else { throw SignerError(.invalidFile, "a request ID is 16 bytes") }
        try Identifier.checkKind(kind)
        let createdText = UTCTime.format(created)
        let expiresText = UTCTime.format(expires)
        guard expiresText > createdText else {
            throw SignerError(.invalidFile, "the request's expiry must be after its creation time")
        }
        return
            "\(Self.header)\nid: \(Hex.encode(id))\ncreated: \(createdText)\nexpires: \(expiresText)\nkind: \(kind)\n"
    }

    private static func sortedPayloads(_ payloads: [Payload]) throws(SignerError) -> [Payload] {
        let sorted = payloads.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        guard !sorted.isEmpty else { throw SignerError(.invalidFile, "a request names at least one payload") }
        guard Set(sorted.map { Array($0.name.utf8) }).count == sorted.count else {
            throw SignerError(.invalidFile, "the request names a payload twice")
        }
        guard sorted.count <= 64 else { throw SignerError(.invalidFile, "a request names at most 64 payloads") }
        return sorted
    }

    /// Parses a request file (v2, or the retired v1). Throws `SignerError` `.invalidFile` naming the defect.
    public init(parsing bytes: [UInt8]) throws {
        var lines = try TextLines(bytes, file: "request", limit: Self.maximumSize)
        if lines.peek.map({ $0.utf8.elementsEqual(Self.legacyHeader.utf8) }) ?? false {
            try self.init(parsingLegacy: &lines)
        } else {
            try lines.expect(Self.header, orElse: "is not a walletcustody-request-v2 file (unknown version or type)")
            let id = try TextLines.hex(try lines.required("id"), bytes: 16, "request id")
            let created = try UTCTime.parse(try lines.required("created"), "created")
            let expires = try UTCTime.parse(try lines.required("expires"), "expires")
            let kind = try lines.required("kind")
            let purpose = try lines.optional("purpose")
            let reference = try lines.optional("reference")
            let quorum = try Quorum(parsing: &lines)
            let payloads = try lines.repeated("payload").map { (line) throws(SignerError) -> Payload in
                let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
                guard fields.count == 4, let format = PayloadFormat(rawValue: String(fields[2])) else {
                    throw SignerError(
                        .invalidFile,
                        "a payload line is: sha256 size format name, with format payment-batch-v1, pain.001.001.09 or file"
                    )
                }
                return try Payload(
                    checking: String(fields[3]), byteCount: try TextLines.count(String(fields[1]), "payload size"),
                    sha256: try TextLines.hex(String(fields[0]), bytes: 32, "payload hash"), format: format)
            }
            let content = try ContentSummary(parsing: &lines)
            try lines.finish()
            try self.init(
                id: id, created: created, expires: expires, kind: kind, purpose: purpose, reference: reference,
                quorum: quorum, content: content, payloads: payloads)
        }
        guard self.bytes == bytes else {
            throw SignerError(.invalidFile, "the request is not in canonical form (order or formatting differs)")
        }
    }

    private init(parsingLegacy lines: inout TextLines) throws(SignerError) {
        try lines.expect(Self.legacyHeader, orElse: "is not a request file")
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
                checking: String(fields[2]), byteCount: try TextLines.count(String(fields[1]), "payload size"),
                sha256: try TextLines.hex(String(fields[0]), bytes: 32, "payload hash"))
        }
        try lines.finish()
        try self.init(
            legacyID: id, created: created, expires: expires, kind: kind, summary: summary, payloads: payloads)
    }

    /// Reads and parses the request at `path` (a regular file of at most 1 MiB).
    /// Throws `SignerError`.
    public init(contentsOfFile path: String) throws {
        try self.init(parsing: try FileAccess.read(path, what: "request", limit: Self.maximumSize))
    }

    /// The request ID in hex.
    public var idHex: String { Hex.encode(id) }

    /// SHA-256 of `bytes`, which responses and the journal name.
    public var sha256: [UInt8] { SHA256.hash(data: bytes).bytes }
}
