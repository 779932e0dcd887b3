import Foundation
import WalletCrypto

/// What the signer may sign, judged on what the payloads pay (`docs/spec/policy-v1.md`): allowed
/// kinds, the largest payment and batch per currency, a velocity limit over a rolling window read
/// from the journal, a payee allow-list by account, a required signer quorum and the longest
/// lifetime.
///
/// Security contract: the rules apply to the content the signer decoded from the payload bytes,
/// never to text the requester typed; any amount or payee rule refuses a request whose amounts or
/// payees cannot be derived (an opaque payload). Accounts, kinds and key IDs are compared as bytes.
/// A request that breaks a rule is refused before the passphrase is asked for, with the rule named.
/// It cannot protect against someone who can edit the policy file on the signing machine; a policy
/// given on the command line is checked in addition to the keystore's, so it can only tighten it.
public struct SigningPolicy: Sendable, Equatable {
    /// A per-currency limit.
    public struct Limit: Sendable, Equatable {
        /// The currency.
        public let currency: CurrencyCode
        /// The largest amount allowed.
        public let amount: DecimalAmount
    }

    /// A rolling-window limit: at most `amount` of `currency` signed within `seconds`.
    public struct Velocity: Sendable, Equatable {
        /// The currency.
        public let currency: CurrencyCode
        /// The most that may be signed in the window.
        public let amount: DecimalAmount
        /// The window's length in seconds.
        public let seconds: Int
    }

    /// Request kinds that may be signed.
    public private(set) var allowedKinds: [String] = []
    /// The largest single payment per currency.
    public private(set) var maximumPayment: [Limit] = []
    /// The largest request total per currency.
    public private(set) var maximumBatch: [Limit] = []
    /// Rolling-window limits.
    public private(set) var velocity: [Velocity] = []
    /// Payee accounts that may be paid; empty means any.
    public private(set) var allowedPayees: [PaymentAccount] = []
    /// The quorum every request must name: at least `threshold` of keys drawn from `keys`.
    public private(set) var quorum: Quorum?
    /// The longest time from a request's creation to its expiry, in seconds.
    public private(set) var maximumLifetime = 0

    static let header = "walletcustody-policy-v1"

    /// Whether any rule limits amounts, which opaque payloads cannot satisfy.
    var hasAmountRules: Bool { !maximumPayment.isEmpty || !maximumBatch.isEmpty || !velocity.isEmpty }

    /// Parses a policy file: rules in any order, `#` comments and blank lines allowed. Throws
    /// `.invalidFile` naming the line at fault.
    /// Throws `SignerError`.
    public init(parsing bytes: [UInt8]) throws {
        var lines = try TextLines(bytes, file: "policy", allowBlankLines: true)
        try lines.expect(Self.header, orElse: "is not a walletcustody-policy-v1 file (unknown version or type)")
        var sawEnd = false
        var lifetime: Int?
        for (offset, line) in lines.rest().enumerated() {
            let number = offset + 2
            func fail(_ reason: String) -> SignerError {
                SignerError(.invalidFile, "policy line \(number): \(reason)")
            }
            if sawEnd { throw fail("nothing may follow 'end'") }
            if line.isEmpty || line.utf8.first == 0x23 { continue }
            if line.utf8.elementsEqual("end".utf8) {
                sawEnd = true
                continue
            }
            guard let colon = line.utf8.firstIndex(of: 0x3A), line.utf8[line.utf8.index(after: colon)...].first == 0x20
            else { throw fail("a rule is 'name: value'") }
            let name = String(line[..<colon])
            let value = String(line[line.index(colon, offsetBy: 2)...])
            let words = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            do throws(SignerError) {
                switch name {
                case "allow-kind":
                    try Identifier.checkKind(value)
                    guard !Identifier.contains(allowedKinds, value) else { throw fail("the kind is listed twice") }
                    allowedKinds.append(value)
                case "max-payment", "max-batch":
                    guard words.count == 2 else { throw fail("\(name) is: CURRENCY AMOUNT") }
                    let limit = Limit(
                        currency: try CurrencyCode(words[0]), amount: try DecimalAmount(canonical: words[1]))
                    var list = name == "max-payment" ? maximumPayment : maximumBatch
                    guard !list.contains(where: { $0.currency == limit.currency }) else {
                        throw fail("\(name) is given twice for \(limit.currency.text)")
                    }
                    list.append(limit)
                    if name == "max-payment" { maximumPayment = list } else { maximumBatch = list }
                case "velocity":
                    guard words.count == 3 else { throw fail("velocity is: CURRENCY AMOUNT SECONDS") }
                    let rule = Velocity(
                        currency: try CurrencyCode(words[0]), amount: try DecimalAmount(canonical: words[1]),
                        seconds: Int(try TextLines.count(words[2], "velocity window", maximum: 366 * 86400)))
                    guard rule.seconds > 0, !velocity.contains(where: { $0.currency == rule.currency }) else {
                        throw fail("velocity is given twice for \(rule.currency.text), or its window is 0")
                    }
                    velocity.append(rule)
                case "allow-payee":
                    let account = try PaymentAccount(canonical: value)
                    guard !allowedPayees.contains(account) else { throw fail("the payee is listed twice") }
                    allowedPayees.append(account)
                case "quorum":
                    guard quorum == nil, words.count >= 2 else {
                        throw fail("quorum is: M KEYID KEYID..., given once")
                    }
                    let keys = try words.dropFirst().map { (hex) throws(SignerError) -> KeyID in
                        guard let key = try? KeyID(bytes: try TextLines.hex(hex, bytes: 16, "quorum key")) else {
                            throw fail("a quorum key is a 32-hex-digit key ID")
                        }
                        return key
                    }
                    let threshold = Int(try TextLines.count(words[0], "quorum", maximum: 16))
                    quorum = try SignerError.narrowing(.invalidFile) { try Quorum(threshold: threshold, keys: keys) }
                case "max-lifetime":
                    guard lifetime == nil else { throw fail("max-lifetime is given twice") }
                    lifetime = Int(try TextLines.count(value, "max-lifetime", maximum: 366 * 86400))
                case "max-amount":
                    throw fail("max-amount is now two rules: max-payment (each payment) and max-batch (each request)")
                default:
                    throw fail("unknown rule '\(DisplayText.shown(name, maximumBytes: 40))'")
                }
            } catch  where error.reason.hasPrefix("policy line") {
                throw error
            } catch {
                throw fail(error.reason)
            }
        }
        guard sawEnd else {
            throw SignerError(.invalidFile, "the policy lacks its final 'end' line; it may be truncated")
        }
        guard !allowedKinds.isEmpty else {
            throw SignerError(.invalidFile, "the policy allows no kind: add allow-kind lines")
        }
        guard let lifetime else { throw SignerError(.invalidFile, "the policy lacks its max-lifetime rule") }
        maximumLifetime = lifetime
    }

    /// Reads the policy file at `path`.
    /// Throws `SignerError`.
    public init(contentsOfFile path: String) throws {
        try self.init(parsing: try FileAccess.read(path, what: "policy"))
    }

    /// Throws `SignerError` `.policyViolation` naming the first rule broken by `request`, whose payloads were read
    /// as `content`, given what `journal` records as signed, at `now`. The lifetime is measured from
    /// the later of the request's creation and `now`, and a request dated more than five minutes
    /// ahead is refused, so a future creation time cannot stretch the expiry.
    public func check(_ request: SigningRequest, content: PayloadContent, journal: SigningJournal, now: Date = Date())
        throws
    {
        func refuse(_ rule: String, _ reason: String) -> SignerError {
            SignerError(.policyViolation, "policy rule \(rule): \(reason)")
        }
        guard request.created.timeIntervalSince(now) <= 300 else {
            throw refuse("max-lifetime", "the request is dated in the future")
        }
        guard Identifier.contains(allowedKinds, request.kind) else {
            throw refuse("allow-kind", "the kind '\(request.kind)' is not allowed")
        }
        let batches = content.items.compactMap(\.batch)
        let opaque = content.items.contains { $0.batch == nil }
        if hasAmountRules || !allowedPayees.isEmpty, opaque || content.summary == nil {
            throw refuse(
                hasAmountRules ? "max-payment/max-batch/velocity" : "allow-payee",
                "the request has a payload whose amounts and payees the signer cannot read, so the rule cannot be checked"
            )
        }
        if let summary = content.summary {
            try checkAmounts(summary, journal: journal, now: now, refuse: refuse)
            if !allowedPayees.isEmpty {
                for payee in batches.flatMap(\.totals.payees) where !allowedPayees.contains(payee) {
                    throw refuse("allow-payee", "the account \(payee.canonical) is not on the allow-list")
                }
            }
        }
        if let quorum {
            guard let named = request.quorum, named.threshold >= quorum.threshold,
                named.keys.allSatisfy({ quorum.contains($0) })
            else {
                throw refuse(
                    "quorum",
                    "the request must name at least \(quorum.threshold) signers drawn from the policy's \(quorum.keys.count) keys"
                )
            }
        }
        let lifetime = Int(request.expires.timeIntervalSince(max(request.created, now)))
        guard lifetime <= maximumLifetime else {
            throw refuse("max-lifetime", "the request lives \(lifetime) s, more than the \(maximumLifetime) s allowed")
        }
    }

    private func checkAmounts(
        _ summary: ContentSummary, journal: SigningJournal, now: Date, refuse: (String, String) -> SignerError
    ) throws(SignerError) {
        try checkLimits(maximumPayment, summary.largest, rule: "max-payment", what: "a payment of", refuse: refuse)
        try checkLimits(maximumBatch, summary.totals, rule: "max-batch", what: "the total of", refuse: refuse)
        for money in summary.totals where !velocity.isEmpty {
            guard let rule = velocity.first(where: { $0.currency == money.currency }) else {
                throw refuse("velocity", "no limit is set for \(money.currency.text), so it is refused")
            }
            let signed = try journal.total(
                in: rule.currency, since: now.addingTimeInterval(-Double(rule.seconds)))
            let total = try signed.adding(money.amount)
            guard total <= rule.amount else {
                throw refuse(
                    "velocity",
                    "\(signed.text) \(rule.currency.text) was signed in the last \(rule.seconds) s; with this request's \(money.amount.text) it would exceed \(rule.amount.text)"
                )
            }
        }
    }

    /// Each amount against the limit for its currency; once any limit of `rule` exists, a currency
    /// without one is refused.
    private func checkLimits(
        _ limits: [Limit], _ amounts: [ContentSummary.Money], rule: String, what: String,
        refuse: (String, String) -> SignerError
    ) throws(SignerError) {
        for money in amounts where !limits.isEmpty {
            guard let limit = limits.first(where: { $0.currency == money.currency }) else {
                throw refuse(rule, "no limit is set for \(money.currency.text), so it is refused")
            }
            guard money.amount <= limit.amount else {
                throw refuse(
                    rule,
                    "\(what) \(money.amount.text) \(money.currency.text) exceeds the limit of \(limit.amount.text)")
            }
        }
    }
}
