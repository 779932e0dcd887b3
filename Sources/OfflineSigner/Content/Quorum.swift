import WalletCrypto

/// The M-of-N signer set a request names: `verify` and `combine` count only signatures from these
/// keys and require at least `threshold` of them; `sign` refuses a key outside the set.
///
/// Security contract: the set is part of the signed request bytes, so a verifier cannot be talked
/// into a lower threshold or another key set by the files that travel with a response; a verifier
/// that passes `--threshold` may only raise it.
public struct Quorum: Sendable, Equatable {
    /// How many distinct keys of `keys` must sign.
    public let threshold: Int
    /// The key IDs that count, sorted by bytes, distinct.
    public let keys: [KeyID]

    /// Checks 1 ≤ threshold ≤ keys ≤ 16 and distinct keys.
    /// Throws `SignerError`.
    public init(threshold: Int, keys: [KeyID]) throws {
        let sorted = keys.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        guard (1...16).contains(sorted.count), (1...sorted.count).contains(threshold),
            Set(sorted.map(\.bytes)).count == sorted.count
        else {
            throw SignerError(.invalidFile, "a quorum is M of 1 to 16 distinct keys, with 1 <= M <= the number of keys")
        }
        self.threshold = threshold
        self.keys = sorted
    }

    /// Whether `keyID` is in the set (compared as bytes).
    public func contains(_ keyID: KeyID) -> Bool { keys.contains { $0.bytes == keyID.bytes } }

    var lines: String {
        "quorum: \(threshold)\n" + keys.map { "quorum-key: \($0)\n" }.joined()
    }

    /// Reads `quorum:` and its `quorum-key:` lines when present.
    init?(parsing lines: inout TextLines) throws(SignerError) {
        guard let text = try lines.optional("quorum") else { return nil }
        let threshold = Int(try TextLines.count(text, "quorum", maximum: 16))
        let keys = try lines.repeated("quorum-key").map { (hex) throws(SignerError) -> KeyID in
            do {
                return try KeyID(bytes: try TextLines.hex(hex, bytes: 16, "quorum key"))
            } catch let error as SignerError {
                throw error
            } catch {
                throw SignerError(.invalidFile, "a quorum key is a 32-hex-digit key ID")
            }
        }
        self = try SignerError.narrowing(.invalidFile) { try Quorum(threshold: threshold, keys: keys) }
    }
}
