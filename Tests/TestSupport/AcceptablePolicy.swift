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

    /// The decision for a case's flags: rejection wins, so a case carrying any flag the table
    /// rejects (say `LowOrderPublic` beside `Twist`) must be rejected.
    func decision(for flags: [String]) -> Bool? {
        let known = flags.compactMap { decisions[$0]?.accept }
        guard !known.isEmpty else { return nil }
        return known.allSatisfy { $0 }
    }

    /// AES key wrap: RFC 3394 section 2 lets 8-byte keys be wrapped as one AES block, NIST SP 800-38F
    /// does not. OpenSSL's KW (and so WalletCrypto) follows SP 800-38F and requires 16 bytes or more.
    public static let keyWrap = AcceptablePolicy([
        "ShortKey": Decision(accept: false, why: "SP 800-38F KW needs at least 16 bytes; OpenSSL refuses 8")
    ])

    /// X25519: RFC 7748 lets any 32 bytes be a public key; OpenSSL refuses only an all-zero result.
    public static let x25519 = AcceptablePolicy([
        "LowOrderPublic": Decision(
            accept: false, why: "a low-order point gives the all-zero secret, which OpenSSL refuses"),
        "ZeroSharedSecret": Decision(accept: false, why: "the all-zero secret is refused (RFC 7748 section 6.1 check)"),
        "Twist": Decision(accept: true, why: "RFC 7748 X25519 is defined on the twist too; the result is computed"),
        "NonCanonicalPublic": Decision(accept: true, why: "RFC 7748 masks the top bit and reduces mod p"),
        "SpecialPublicKey": Decision(accept: true, why: "computed as RFC 7748 defines"),
        "SmallPublicKey": Decision(accept: true, why: "computed as RFC 7748 defines"),
        "EdgeCaseMultiplication": Decision(accept: true, why: "computed as RFC 7748 defines"),
        "EdgeCaseShared": Decision(accept: true, why: "computed as RFC 7748 defines"),
        "Ktv": Decision(accept: true, why: "known test vector"),
    ])

    /// ECDH: public keys arrive as SubjectPublicKeyInfo and are parsed strictly.
    public static let ecdh = AcceptablePolicy([
        "InvalidAsn": Decision(
            accept: false, why: "non-canonical DER is rejected: every accepted input has one meaning"),
        "UnnamedCurve": Decision(accept: false, why: "only named curves are accepted; explicit parameters are refused"),
        "CompressedPublic": Decision(accept: true, why: "a compressed point in canonical DER is a valid SEC1 key"),
        "CompressedPoint": Decision(accept: true, why: "a compressed point in canonical DER is a valid SEC1 key"),
    ])
}
