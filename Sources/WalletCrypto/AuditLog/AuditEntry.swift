/// One entry of an audit log, in the `audit-log-v1` encoding (`docs/spec/audit-log-v1.md`): who
/// (`actor`) did what (`action`) to what (`scope`, such as a tenant or user, and `subject`, such as
/// a token), why (`detail`), when, and under which key version the entry is authenticated.
///
/// Security contract: `encoded` is the exact byte string that is authenticated (HMAC) and hashed
/// into the Merkle tree; every field is kept as its exact UTF-8 bytes, so two entries are equal
/// only when their bytes are. Parsing is strict. An entry must never hold a secret, a PAN or a
/// one-time code: the log is shown to auditors.
public struct AuditEntry: Sendable, Equatable, CustomStringConvertible {
    /// 1, 2, 3, … without gaps.
    public let sequence: UInt64
    /// Unix seconds.
    public let time: Int64
    /// The KEK version whose derived key authenticates the entry.
    public let keyVersion: Int
    /// The tenant or user concerned, or "" for log-wide actions.
    public let scope: String
    /// Who did it.
    public let actor: String
    /// What was done, such as `tokenize` or `otp-enroll`.
    public let action: String
    /// The object, such as a token, or "".
    public let subject: String
    /// Why, or a short note (a detokenisation's purpose, a key version), or "".
    public let detail: String
    /// The `audit-log-v1` encoding.
    public let encoded: [UInt8]

    static let magic: [UInt8] = Array("WCAL".utf8) + [1]

    /// This entry's encoding with `sequence` in place of its own (the 8 bytes after the magic), for
    /// an entry encoded before its place in the log was known.
    func encoded(sequence: UInt64) -> [UInt8] {
        var out = encoded
        withUnsafeBytes(of: sequence.bigEndian) {
            out.replaceSubrange(Self.magic.count..<(Self.magic.count + 8), with: $0)
        }
        return out
    }

    /// Encodes an entry. Throws `CryptoError` `.invalidParameter` for a field over 65,535 bytes or a key version
    /// outside 1...2^32-1.
    public init(
        sequence: UInt64, time: Int64, keyVersion: Int, scope: String, actor: String, action: String,
        subject: String, detail: String
    ) throws {
        let lengths = (scope.utf8.count, actor.utf8.count, action.utf8.count, subject.utf8.count, detail.utf8.count)
        let limit = Int(UInt16.max)
        guard keyVersion > 0, keyVersion <= Int(UInt32.max), lengths.0 <= limit, lengths.1 <= limit,
            lengths.2 <= limit, lengths.3 <= limit, lengths.4 <= limit
        else { throw CryptoError(.invalidParameter, "an audit entry field is at most 65,535 bytes") }
        var out = [UInt8]()
        out.reserveCapacity(35 + lengths.0 + lengths.1 + lengths.2 + lengths.3 + lengths.4)
        out += Self.magic
        func integer<I: FixedWidthInteger>(_ value: I) {
            var big = value.bigEndian
            withUnsafeBytes(of: &big) { out.append(contentsOf: $0) }
        }
        func field(_ text: String) {
            integer(UInt16(text.utf8.count))
            out.append(contentsOf: text.utf8)
        }
        integer(sequence)
        integer(time)
        integer(UInt32(keyVersion))
        field(scope)
        field(actor)
        field(action)
        field(subject)
        field(detail)
        self.sequence = sequence
        self.time = time
        self.keyVersion = keyVersion
        self.scope = scope
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
        encoded = out
    }

    /// Parses an encoded entry. Throws `CryptoError` `.invalidEncoding` for another magic or version, a length
    /// past the end, trailing bytes, invalid UTF-8 or key version 0.
    public init(encoded bytes: [UInt8]) throws {
        let invalid = CryptoError(.invalidEncoding, "an audit entry is not in the audit-log-v1 encoding")
        guard bytes.count >= 25, bytes.starts(with: Self.magic) else { throw invalid }
        func integer(_ offset: Int, _ count: Int) -> UInt64 {
            bytes[offset..<(offset + count)].reduce(0) { $0 << 8 | UInt64($1) }
        }
        var offset = 25
        var fields: [String] = []
        for _ in 0..<5 {
            guard offset + 2 <= bytes.count else { throw invalid }
            let length = Int(integer(offset, 2))
            guard offset + 2 + length <= bytes.count,
                let field = String(validating: bytes[(offset + 2)..<(offset + 2 + length)], as: UTF8.self)
            else { throw invalid }
            fields.append(field)
            offset += 2 + length
        }
        let keyVersion = Int(integer(21, 4))
        guard offset == bytes.count, keyVersion > 0 else { throw invalid }
        sequence = integer(5, 8)
        time = Int64(bitPattern: integer(13, 8))
        self.keyVersion = keyVersion
        (scope, actor, action, subject, detail) = (fields[0], fields[1], fields[2], fields[3], fields[4])
        encoded = bytes
    }

    /// Equal when the encodings are equal, byte for byte.
    public static func == (lhs: AuditEntry, rhs: AuditEntry) -> Bool { lhs.encoded == rhs.encoded }

    /// Sequence, action and scope only.
    public var description: String { "AuditEntry(\(sequence) \(action) \(scope))" }
}
