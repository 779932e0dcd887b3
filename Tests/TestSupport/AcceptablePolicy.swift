/// How WalletCrypto decides each Wycheproof `acceptable` flag: accept or reject, and why.
///
/// The table is the documented decision the issue asks for; `docs/vectors-policy.md` repeats it.
/// A case passes only if the implementation does what the table says. An `acceptable` case whose
/// flags are not in the table fails, so a new upstream flag cannot slip through unreviewed.
public struct AcceptablePolicy: Sendable {
    public struct Decision: Sendable {
        public let accept: Bool
        public let why: String
    }

    public let decisions: [String: Decision]

    public init(_ decisions: [String: Decision] = [:]) {
        self.decisions = decisions
    }

    /// The decision for a case's flags: the flags that have entries must agree.
    func decision(for flags: [String]) -> Bool? {
        let known = flags.compactMap { decisions[$0]?.accept }
        guard let first = known.first, known.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// AES key wrap: RFC 3394 section 2 lets 8-byte keys be wrapped as one AES block, NIST SP 800-38F
    /// does not. OpenSSL's KW (and so WalletCrypto) follows SP 800-38F and requires 16 bytes or more.
    public static let keyWrap = AcceptablePolicy([
        "ShortKey": Decision(accept: false, why: "SP 800-38F KW needs at least 16 bytes; OpenSSL refuses 8")
    ])
}
