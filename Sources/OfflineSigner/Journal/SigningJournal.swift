import Foundation
import WalletCrypto

/// The keystore's hash-chained record of every signature, refusal, wrong passphrase and restore
/// (`docs/spec/journal-v2.md`; a `journal-v1` file is read and upgraded on the next write).
///
/// Security contract: `verify` detects an edited, removed, inserted or reordered entry; removing
/// entries from the end is detected only against a head value noted elsewhere. The chain is not
/// keyed: someone who can write the keystore folder can rewrite the whole journal, and the velocity
/// and replay rules that read it hold only against someone confined to the CLI. The journal is
/// rewritten atomically with each new entry, before the response is released.
public struct SigningJournal: Sendable {
    /// What an entry records.
    public enum Event: Sendable, Equatable, CustomStringConvertible {
        /// A response was signed and released.
        case signed
        /// A request was refused; the error code names why.
        case refused(String)
        /// A wrong passphrase was given.
        case wrongPassphrase
        /// The keystore was restored from a backup holding the entries before this one.
        case restored

        /// The event's name as the journal writes it.
        public var description: String { text }

        var text: String {
            switch self {
            case .signed: "signed"
            case .refused(let code): "refused-\(code)"
            case .wrongPassphrase: "wrong-passphrase"
            case .restored: "restored"
            }
        }

        init(text: String) throws(SignerError) {
            switch text {
            case "signed": self = .signed
            case "wrong-passphrase": self = .wrongPassphrase
            case "restored": self = .restored
            default:
                let code = text.utf8.dropFirst(8)
                guard text.utf8.starts(with: "refused-".utf8), !code.isEmpty, code.count <= 32,
                    code.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
                else { throw SignerError(.invalidFile, "the journal names an unknown event") }
                self = .refused(String(decoding: code, as: UTF8.self))
            }
        }
    }

    /// One journal line.
    public struct Entry: Sendable, Equatable {
        /// 1, 2, 3, …
        public let sequence: Int
        /// When it happened.
        public let time: Date
        /// What happened.
        public let event: Event
        /// The request's ID, when a request was involved.
        public let requestID: [UInt8]?
        /// SHA-256 of the request's bytes, when a request was involved.
        public let requestSHA256: [UInt8]?
        /// The keystore's key ID.
        public let keyID: KeyID
        /// SHA-256 of the response written, for `signed`.
        public let responseSHA256: [UInt8]?
        /// The request's kind, when a request was involved.
        public let kind: String?
        /// The request's totals per currency, when its payloads were decoded.
        public let totals: [ContentSummary.Money]
        /// SHA-256(previous chain ‖ this entry's line before the chain field).
        public let chain: [UInt8]

        var body: String {
            let optionalHex = { (bytes: [UInt8]?) in bytes.map(Hex.encode) ?? "-" }
            let totalsText =
                totals.isEmpty ? "-" : totals.map { "\($0.currency.text):\($0.amount.text)" }.joined(separator: ",")
            return
                "\(sequence) \(UTCTime.format(time)) \(event.text) \(optionalHex(requestID)) \(optionalHex(requestSHA256)) \(keyID) \(optionalHex(responseSHA256)) \(kind ?? "-") \(totalsText)"
        }

        var line: String { body + " " + Hex.encode(chain) }
    }

    static let header = "walletcustody-journal-v2"
    static let legacyHeader = "walletcustody-journal-v1"
    static let empty = Array("\(header)\n".utf8)

    /// The entries, oldest first.
    public let entries: [Entry]
    /// Whether the entries came from a journal-v1 file, whose chain rule differs, so the next write
    /// must chain them again in v2 form.
    private let fromLegacy: Bool

    /// Parses the journal and checks its chain. Throws `SignerError` `.invalidFile` for a malformed line and
    /// `.verificationFailed` (naming the entry) for a broken chain.
    public init(parsing bytes: [UInt8]) throws { try self.init(checking: bytes) }

    init(checking bytes: [UInt8]) throws(SignerError) {
        guard let text = String(validating: bytes, as: UTF8.self), text.hasSuffix("\n") else {
            throw SignerError(.invalidFile, "the journal is not UTF-8 text ending in a line end, or is truncated")
        }
        var lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        let legacy = lines.first.map { $0.utf8.elementsEqual(Self.legacyHeader.utf8) } ?? false
        guard legacy || (lines.first.map { $0.utf8.elementsEqual(Self.header.utf8) } ?? false) else {
            throw SignerError(.invalidFile, "the journal is not a walletcustody-journal-v2 file")
        }
        lines.removeFirst()
        var entries: [Entry] = []
        var previous = [UInt8](repeating: 0, count: 32)
        for line in lines {
            let entry =
                try legacy ? Self.legacyEntry(line, previous: previous) : Self.entry(line, number: entries.count + 1)
            guard entry.sequence == entries.count + 1 else {
                throw SignerError(.invalidFile, "journal entry \(entries.count + 1) is out of sequence")
            }
            if !legacy {
                guard entry.line.utf8.elementsEqual(line.utf8), entry.chain == Self.chain(previous, entry.body) else {
                    throw SignerError(
                        .verificationFailed, "journal entry \(entry.sequence) does not chain: the journal was altered")
                }
            }
            previous = entry.chain
            entries.append(entry)
        }
        self.entries = entries
        fromLegacy = legacy
    }

    private init(entries: [Entry]) {
        self.entries = entries
        fromLegacy = false
    }

    private static func entry(_ line: Substring, number: Int) throws(SignerError) -> Entry {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        func optionalHex(_ text: String, _ count: Int, _ what: String) throws(SignerError) -> [UInt8]? {
            text == "-" ? nil : try TextLines.hex(text, bytes: count, what)
        }
        guard fields.count == 10, let sequence = Int(fields[0]), String(sequence) == fields[0] else {
            throw SignerError(.invalidFile, "journal entry \(number) is malformed")
        }
        let totals: [ContentSummary.Money] =
            fields[8] == "-"
            ? []
            : try fields[8].split(separator: ",").map { (pair) throws(SignerError) in
                let parts = pair.split(separator: ":")
                guard parts.count == 2 else {
                    throw SignerError(.invalidFile, "journal entry \(number) has bad totals")
                }
                return ContentSummary.Money(
                    currency: try CurrencyCode(String(parts[0])), amount: try DecimalAmount(canonical: String(parts[1]))
                )
            }
        if fields[7] != "-" { try Identifier.checkKind(fields[7]) }
        return Entry(
            sequence: sequence, time: try UTCTime.parse(fields[1], "journal"), event: try Event(text: fields[2]),
            requestID: try optionalHex(fields[3], 16, "journal request id"),
            requestSHA256: try optionalHex(fields[4], 32, "journal request hash"), keyID: try keyID(fields[5], number),
            responseSHA256: try optionalHex(fields[6], 32, "journal response hash"),
            kind: fields[7] == "-" ? nil : fields[7], totals: totals,
            chain: try TextLines.hex(fields[9], bytes: 32, "journal chain"))
    }

    /// A journal-v1 line, checked by the v1 chain rule and carried over as a `signed` entry.
    private static func legacyEntry(_ line: Substring, previous: [UInt8]) throws(SignerError) -> Entry {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 7, let sequence = Int(fields[0]), String(sequence) == fields[0] else {
            throw SignerError(.invalidFile, "a journal-v1 entry is malformed")
        }
        let body = fields[..<6].joined(separator: " ")
        let chain = try TextLines.hex(fields[6], bytes: 32, "journal chain")
        guard chain == Self.chain(previous, body) else {
            throw SignerError(.verificationFailed, "journal entry \(sequence) does not chain: the journal was altered")
        }
        return Entry(
            sequence: sequence, time: try UTCTime.parse(fields[1], "journal"), event: .signed,
            requestID: try TextLines.hex(fields[2], bytes: 16, "journal request id"),
            requestSHA256: try TextLines.hex(fields[3], bytes: 32, "journal request hash"),
            keyID: try keyID(fields[4], sequence),
            responseSHA256: try TextLines.hex(fields[5], bytes: 32, "journal response hash"),
            kind: nil, totals: [], chain: chain)
    }

    private static func keyID(_ text: String, _ number: Int) throws(SignerError) -> KeyID {
        guard let key = try? KeyID(bytes: try TextLines.hex(text, bytes: 16, "journal key id")) else {
            throw SignerError(.invalidFile, "journal entry \(number) has a malformed key ID")
        }
        return key
    }

    /// Reads and verifies the journal at `path`.
    /// Throws `SignerError`.
    public init(contentsOfFile path: String) throws { try self.init(reading: path) }

    init(reading path: String) throws(SignerError) {
        try self.init(checking: try FileAccess.read(path, what: "journal", limit: 256 << 20))
    }

    /// The last chain value (`JournalHead.empty` for an empty journal): note it to detect truncation.
    public var head: JournalHead { entries.last.map { JournalHead($0.chain) } ?? .empty }

    /// The `signed` entries for `requestID`.
    public func signatures(of requestID: [UInt8]) -> [Entry] {
        entries.filter { $0.event == .signed && $0.requestID == requestID }
    }

    /// The total signed in `currency` since `start`, counting each request ID once.
    /// Throws `SignerError`.
    public func signedTotal(in currency: CurrencyCode, since start: Date) throws -> DecimalAmount {
        try total(in: currency, since: start)
    }

    func total(in currency: CurrencyCode, since start: Date) throws(SignerError) -> DecimalAmount {
        var total = DecimalAmount.zero
        var counted: Set<[UInt8]> = []
        for entry in entries where entry.event == .signed && entry.time > start {
            guard let id = entry.requestID, counted.insert(id).inserted else { continue }
            for money in entry.totals where money.currency == currency { total = try total.adding(money.amount) }
        }
        return total
    }

    /// The bytes of this journal with `entries` appended (chained, numbered from the end), in v2 form.
    func appending(
        _ event: Event, request: SigningRequest?, totals: [ContentSummary.Money], keyID: KeyID,
        responseSHA256: [UInt8]?, time: Date
    ) throws(SignerError) -> SigningJournal {
        // Entries read from v2 are already chained and verified; only a journal read from v1 is
        // chained again, in v2 form (its v1 chain was checked on reading).
        var all = fromLegacy ? [] : entries
        var previous = all.last?.chain ?? [UInt8](repeating: 0, count: 32)
        let new = Entry(
            sequence: entries.count + 1, time: try UTCTime.parse(UTCTime.format(time), "journal"), event: event,
            requestID: request?.id, requestSHA256: request?.sha256, keyID: keyID, responseSHA256: responseSHA256,
            kind: request?.kind, totals: totals, chain: [])
        for entry in (fromLegacy ? entries : []) + [new] {
            let chained = Entry(
                sequence: entry.sequence, time: entry.time, event: entry.event, requestID: entry.requestID,
                requestSHA256: entry.requestSHA256, keyID: entry.keyID, responseSHA256: entry.responseSHA256,
                kind: entry.kind, totals: entry.totals, chain: Self.chain(previous, entry.body))
            previous = chained.chain
            all.append(chained)
        }
        return SigningJournal(entries: all)
    }

    /// The canonical v2 bytes.
    var bytes: [UInt8] { Array((([Self.header] + entries.map(\.line)).joined(separator: "\n") + "\n").utf8) }

    /// Appends an entry and rewrites the journal at `path` atomically.
    @discardableResult
    func append(
        _ event: Event, request: SigningRequest?, totals: [ContentSummary.Money], keyID: KeyID,
        responseSHA256: [UInt8]? = nil, time: Date, to path: String
    ) throws(SignerError) -> SigningJournal {
        let journal = try appending(
            event, request: request, totals: totals, keyID: keyID, responseSHA256: responseSHA256, time: time)
        try FileAccess.write(journal.bytes, to: path, what: "journal")
        return journal
    }

    private static func chain(_ previous: [UInt8], _ body: String) -> [UInt8] {
        SHA256.hash(data: previous + Array(body.utf8)).bytes
    }
}
