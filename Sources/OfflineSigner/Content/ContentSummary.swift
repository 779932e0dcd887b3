import WalletCrypto

/// What a request's payment payloads pay, computed by the signer from the payload bytes: the
/// number of payments, the total per currency, the largest single payment per currency and the
/// distinct payee accounts (`docs/spec/request-v2.md`).
///
/// Security contract: a requester's request states these lines and the signer recomputes them from
/// the payloads it hashed; any difference refuses the request (`PayloadContent.check`). Payees are
/// accounts in canonical form, compared as bytes; names are shown but never trusted.
public struct ContentSummary: Sendable, Equatable {
    /// Payments across every decoded payload.
    public let paymentCount: Int
    /// The total per currency, sorted by currency code bytes.
    public let totals: [Money]
    /// The largest single payment per currency, sorted by currency code bytes.
    public let largest: [Money]
    /// How many distinct payee accounts.
    public let payeeCount: Int
    /// SHA-256 over the sorted canonical payee accounts, each followed by LF.
    public let payeesSHA256: [UInt8]
    /// The distinct payee accounts sorted by bytes, when there are at most `listedPayees`; empty
    /// otherwise (the digest still binds them).
    public let payees: [PaymentAccount]

    /// Payee accounts are listed in the request up to this many.
    public static let listedPayees = 256

    /// An amount with its currency.
    public struct Money: Sendable, Equatable {
        /// The currency.
        public let currency: CurrencyCode
        /// The amount.
        public let amount: DecimalAmount

        /// Pairs an amount with its currency.
        public init(currency: CurrencyCode, amount: DecimalAmount) {
            self.currency = currency
            self.amount = amount
        }

        var text: String { "\(currency.text) \(amount.text)" }
    }

    /// The summary of the decoded payloads' totals.
    /// Throws `SignerError`.
    public init(merging parts: [PaymentTotals]) throws {
        var count = 0
        var totals: [[UInt8]: Money] = [:]
        var largest: [[UInt8]: Money] = [:]
        var payees: [[UInt8]: PaymentAccount] = [:]
        for part in parts {
            guard part.payeesComplete else {
                throw SignerError(
                    .invalidFile,
                    "a payment payload has more than \(PaymentTotals.maximumPayees) distinct payees, more than the signer checks"
                )
            }
            count += part.count
            for (currency, amount) in part.totals {
                let key = Array(currency.text.utf8)
                let sum = try (totals[key]?.amount ?? .zero).adding(amount)
                totals[key] = Money(currency: currency, amount: sum)
            }
            for (currency, amount) in part.largest {
                let key = Array(currency.text.utf8)
                if let current = largest[key], current.amount >= amount { continue }
                largest[key] = Money(currency: currency, amount: amount)
            }
            for payee in part.payees { payees[Array(payee.canonical.utf8)] = payee }
        }
        guard count > 0 else { throw SignerError(.invalidFile, "a payment payload holds no payment") }
        let byCurrency = { (a: Money, b: Money) in a.currency.text.utf8.lexicographicallyPrecedes(b.currency.text.utf8)
        }
        let sortedPayees = payees.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var digest = SHA256()
        for (key, _) in sortedPayees { digest.update(data: key + [0x0A]) }
        paymentCount = count
        self.totals = totals.values.sorted(by: byCurrency)
        self.largest = largest.values.sorted(by: byCurrency)
        payeeCount = sortedPayees.count
        payeesSHA256 = digest.finalize().bytes
        self.payees = sortedPayees.count <= Self.listedPayees ? sortedPayees.map(\.value) : []
    }

    private init(
        paymentCount: Int, totals: [Money], largest: [Money], payeeCount: Int, payeesSHA256: [UInt8],
        payees: [PaymentAccount]
    ) {
        self.paymentCount = paymentCount
        self.totals = totals
        self.largest = largest
        self.payeeCount = payeeCount
        self.payeesSHA256 = payeesSHA256
        self.payees = payees
    }

    /// The lines this summary adds to a request, in file order.
    var lines: String {
        var text = "payments: \(paymentCount)\n"
        for money in totals { text += "total: \(money.text)\n" }
        for money in largest { text += "largest: \(money.text)\n" }
        text += "payees: \(payeeCount) \(Hex.encode(payeesSHA256))\n"
        for payee in payees { text += "payee: \(payee.canonical)\n" }
        return text
    }

    /// Reads the content lines when present; checks their internal consistency.
    init?(parsing lines: inout TextLines) throws(SignerError) {
        guard let countText = try lines.optional("payments") else { return nil }
        let count = Int(try TextLines.count(countText, "payments", maximum: 100_000_000))
        let totals = try lines.repeated("total").map(Self.money)
        let largest = try lines.repeated("largest").map(Self.money)
        let payeesLine = try lines.required("payees").split(separator: " ", omittingEmptySubsequences: false)
        guard payeesLine.count == 2 else { throw SignerError(.invalidFile, "the payees line is: COUNT SHA256") }
        let payeeCount = Int(try TextLines.count(String(payeesLine[0]), "payee count", maximum: 100_000_000))
        let digest = try TextLines.hex(String(payeesLine[1]), bytes: 32, "payees digest")
        let payees = try lines.repeated("payee").map { (text) throws(SignerError) in
            try PaymentAccount(canonical: text)
        }
        guard count > 0, !totals.isEmpty, totals.count == largest.count,
            zip(totals, largest).allSatisfy({ $0.currency == $1.currency && $1.amount <= $0.amount }),
            payeeCount > 0, payeeCount <= count,
            payees.count == (payeeCount <= Self.listedPayees ? payeeCount : 0),
            Self.strictlyIncreasing(totals.map { Array($0.currency.text.utf8) }),
            Self.strictlyIncreasing(payees.map { Array($0.canonical.utf8) })
        else {
            throw SignerError(
                .invalidFile,
                "the request's payment lines disagree with each other (payments, total, largest, payees)")
        }
        self.init(
            paymentCount: count, totals: totals, largest: largest, payeeCount: payeeCount, payeesSHA256: digest,
            payees: payees)
    }

    private static func strictlyIncreasing(_ keys: [[UInt8]]) -> Bool {
        zip(keys, keys.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) }
    }

    private static func money(_ text: String) throws(SignerError) -> Money {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw SignerError(.invalidFile, "an amount line is: CURRENCY AMOUNT") }
        return Money(
            currency: try CurrencyCode(String(parts[0])), amount: try DecimalAmount(canonical: String(parts[1])))
    }

    /// The total in `currency`, if any payment is in it.
    public func total(in currency: CurrencyCode) -> DecimalAmount? {
        totals.first { $0.currency == currency }?.amount
    }
}
