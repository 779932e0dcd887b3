import Foundation
import WalletCrypto

/// The keystore's hash-chained record of every signature (`docs/spec/journal-v1.md`).
///
/// Security contract: `verify` detects an edited, removed, inserted or reordered entry; removing
/// entries from the end is detected only against a head value noted elsewhere. The journal is
/// rewritten atomically with each new entry, before the response is released.
public struct SigningJournal: Sendable {
    /// One signature made.
    public struct Entry: Sendable, Equatable {
        /// 1, 2, 3, …
        public let sequence: Int
        /// When it was signed.
        public let time: Date
        /// The request's ID.
        public let requestID: [UInt8]
        /// SHA-256 of the request's bytes.
        public let requestSHA256: [UInt8]
        /// The signing key's ID.
        public let keyID: KeyID
        /// SHA-256 of the response written.
        public let responseSHA256: [UInt8]
        /// SHA-256(previous chain ‖ this entry's line before the chain field).
        public let chain: [UInt8]

        var body: String {
            "\(sequence) \(UTCTime.format(time)) \(Hex.encode(requestID)) \(Hex.encode(requestSHA256)) \(keyID) "
                + Hex.encode(responseSHA256)
        }

        var line: String { body + " " + Hex.encode(chain) }
    }

    static let header = "walletcustody-journal-v1"
    static let empty = Array("\(header)\n".utf8)

    /// The entries, oldest first.
    public let entries: [Entry]

    /// Parses the journal and checks its chain. Throws `.invalidFile` for a malformed line and
    /// `.verificationFailed` (naming the entry) for a broken chain.
    public init(parsing bytes: [UInt8]) throws(SignerError) {
        guard let text = String(validating: bytes, as: UTF8.self), text.hasPrefix(Self.header + "\n"),
            text.hasSuffix("\n")
        else { throw SignerError(.invalidFile, "the journal is not a walletcustody-journal-v1 file, or is truncated") }
        var entries: [Entry] = []
        var previous = [UInt8](repeating: 0, count: 32)
        for line in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 7, let sequence = Int(fields[0]), String(sequence) == fields[0],
                sequence == entries.count + 1
            else {
                throw SignerError(.invalidFile, "journal entry \(entries.count + 1) is malformed or out of sequence")
            }
            let keyID: KeyID
            do {
                keyID = try KeyID(bytes: try TextLines.hex(fields[4], bytes: 16, "journal key id"))
            } catch {
                throw SignerError(.invalidFile, "journal entry \(sequence) has a malformed key ID")
            }
            let entry = Entry(
                sequence: sequence, time: try UTCTime.parse(fields[1], "journal"),
                requestID: try TextLines.hex(fields[2], bytes: 16, "journal request id"),
                requestSHA256: try TextLines.hex(fields[3], bytes: 32, "journal request hash"), keyID: keyID,
                responseSHA256: try TextLines.hex(fields[5], bytes: 32, "journal response hash"),
                chain: try TextLines.hex(fields[6], bytes: 32, "journal chain"))
            guard entry.line == line, entry.chain == Self.chain(previous, entry.body) else {
                throw SignerError(
                    .verificationFailed, "journal entry \(sequence) does not chain: the journal was altered")
            }
            previous = entry.chain
            entries.append(entry)
        }
        self.entries = entries
    }

    /// Reads and verifies the journal at `path`.
    public init(contentsOfFile path: String) throws(SignerError) {
        try self.init(parsing: try FileAccess.read(path, what: "journal", limit: 256 << 20))
    }

    /// The last chain value, or 32 zero bytes for an empty journal: note it to detect truncation.
    public var head: [UInt8] { entries.last?.chain ?? [UInt8](repeating: 0, count: 32) }

    /// The entries for `requestID`.
    public func entries(for requestID: [UInt8]) -> [Entry] { entries.filter { $0.requestID == requestID } }

    /// Appends an entry and rewrites the journal at `path` atomically.
    func append(
        requestID: [UInt8], requestSHA256: [UInt8], keyID: KeyID, responseSHA256: [UInt8], time: Date, to path: String
    ) throws(SignerError) {
        var entry = Entry(
            sequence: entries.count + 1, time: try UTCTime.parse(UTCTime.format(time), "signing"), requestID: requestID,
            requestSHA256: requestSHA256, keyID: keyID, responseSHA256: responseSHA256, chain: [])
        entry = Entry(
            sequence: entry.sequence, time: entry.time, requestID: requestID, requestSHA256: requestSHA256,
            keyID: keyID, responseSHA256: responseSHA256, chain: Self.chain(head, entry.body))
        let text = ([Self.header] + (entries + [entry]).map(\.line)).joined(separator: "\n") + "\n"
        try FileAccess.write(Array(text.utf8), to: path, what: "journal")
    }

    private static func chain(_ previous: [UInt8], _ body: String) -> [UInt8] {
        SHA256.hash(data: previous + Array(body.utf8)).bytes
    }
}
