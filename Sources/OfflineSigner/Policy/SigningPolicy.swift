import Foundation

/// What the signer may sign: allowed kinds, a maximum amount per currency, a payee allow-list and
/// the longest a request may live (`docs/offline-signer.md`).
///
/// Security contract: a request that breaks any rule is refused before the passphrase is asked for,
/// with the rule named. The policy limits mistakes and a compromised requester; it cannot protect
/// against someone who can edit the policy file on the signing machine.
public struct SigningPolicy: Sendable, Equatable {
    /// Request kinds that may be signed.
    public let allowedKinds: [String]
    /// The largest amount per currency, as canonical decimals.
    public let maximumAmounts: [String: String]
    /// Payees that may appear; empty means any payee.
    public let allowedPayees: [String]
    /// The longest time from a request's creation to its expiry, in seconds.
    public let maximumLifetime: Int

    static let header = "walletcustody-policy-v1"

    /// Parses a policy file. Throws `.invalidFile` naming the defect.
    public init(parsing bytes: [UInt8]) throws(SignerError) {
        var lines = try TextLines(bytes, file: "policy")
        try lines.expect(Self.header, orElse: "is not a walletcustody-policy-v1 file (unknown version or type)")
        allowedKinds = try lines.repeated("allow-kind")
        guard !allowedKinds.isEmpty else {
            throw SignerError(.invalidFile, "the policy allows no kind: add allow-kind lines")
        }
        var maximumAmounts: [String: String] = [:]
        for line in try lines.repeated("max-amount") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, maximumAmounts[String(parts[0])] == nil else {
                throw SignerError(.invalidFile, "a max-amount line is: CURRENCY AMOUNT, one per currency")
            }
            try RequestSummary(amount: String(parts[1]), currency: String(parts[0])).validate()
            maximumAmounts[String(parts[0])] = String(parts[1])
        }
        self.maximumAmounts = maximumAmounts
        allowedPayees = try lines.repeated("allow-payee")
        maximumLifetime = Int(
            try TextLines.count(try lines.required("max-lifetime"), "max-lifetime", maximum: 366 * 86400))
        try lines.finish()
    }

    /// Reads the policy file at `path`.
    public init(contentsOfFile path: String) throws(SignerError) {
        try self.init(parsing: try FileAccess.read(path, what: "policy"))
    }

    /// Throws `.policyViolation` naming the first rule `request` breaks at `now`. The lifetime is
    /// measured from the later of the request's creation and `now`, and a request dated more than
    /// five minutes ahead is refused, so a future creation time cannot stretch the expiry.
    public func check(_ request: SigningRequest, now: Date = Date()) throws(SignerError) {
        guard request.created.timeIntervalSince(now) <= 300 else {
            throw SignerError(.policyViolation, "policy rule max-lifetime: the request is dated in the future")
        }
        guard allowedKinds.contains(request.kind) else {
            throw SignerError(.policyViolation, "policy rule allow-kind: the kind '\(request.kind)' is not allowed")
        }
        if let amount = request.summary.scaledAmount, let currency = request.summary.currency {
            guard let limit = maximumAmounts[currency] else {
                throw SignerError(
                    .policyViolation, "policy rule max-amount: no limit is set for \(currency), so it is refused")
            }
            let maximum = RequestSummary(amount: limit, currency: currency).scaledAmount!
            guard amount.0 < maximum.0 || (amount.0 == maximum.0 && amount.1 <= maximum.1) else {
                throw SignerError(
                    .policyViolation,
                    "policy rule max-amount: \(request.summary.amount!) \(currency) exceeds the limit of \(limit) \(currency)"
                )
            }
        }
        if !allowedPayees.isEmpty {
            guard let payee = request.summary.payee, allowedPayees.contains(payee) else {
                throw SignerError(
                    .policyViolation,
                    "policy rule allow-payee: the payee '\(request.summary.payee ?? "(none)")' is not allowed")
            }
        }
        let lifetime = Int(request.expires.timeIntervalSince(max(request.created, now)))
        guard lifetime <= maximumLifetime else {
            throw SignerError(
                .policyViolation,
                "policy rule max-lifetime: the request lives \(lifetime) s, more than the \(maximumLifetime) s allowed")
        }
    }
}
