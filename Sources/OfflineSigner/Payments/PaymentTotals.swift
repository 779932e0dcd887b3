/// What the signer computes from a decoded payload: the count, the total and the largest
/// payment per currency, and the distinct payee accounts.
///
/// Security contract: every figure comes from the payments added, never from a summary the
/// requester typed; sums are exact and refuse overflow. `payees` keeps at most
/// `maximumPayees` distinct accounts (about 200 bytes each, so at most about 20 MiB); when a
/// batch has more, `payeesComplete` is false and a policy that checks payees must refuse it.
public struct PaymentTotals: Sendable, Equatable {
    /// How many payments were added.
    public private(set) var count: Int = 0
    /// The sum per currency, sorted by currency bytes.
    public private(set) var totals: [(currency: CurrencyCode, amount: DecimalAmount)] = []
    /// The largest single payment per currency, sorted by currency bytes.
    public private(set) var largest: [(currency: CurrencyCode, amount: DecimalAmount)] = []
    /// Distinct payee accounts in first-seen order, at most `maximumPayees`.
    public private(set) var payees: [PaymentAccount] = []
    /// False once more than `maximumPayees` distinct accounts were seen.
    public private(set) var payeesComplete = true
    private var seen: Set<PaymentAccount> = []

    /// The most distinct payees kept.
    public static let maximumPayees = 100_000

    /// Nothing added yet.
    public init() {}

    /// Adds one payment; throws `.invalidFile` when a currency's total would exceed 18 integer digits.
    package mutating func add(_ payment: Payment) throws(SignerError) {
        let index = Self.slot(of: payment.currency, in: totals)
        if index < totals.count && totals[index].currency == payment.currency {
            totals[index].amount = try totals[index].amount.adding(payment.amount)
            if payment.amount > largest[index].amount { largest[index].amount = payment.amount }
        } else {
            totals.insert((payment.currency, payment.amount), at: index)
            largest.insert((payment.currency, payment.amount), at: index)
        }
        count += 1
        if payeesComplete && !seen.contains(payment.payeeAccount) {
            if seen.count == Self.maximumPayees {
                payeesComplete = false
                seen = []
            } else {
                seen.insert(payment.payeeAccount)
                payees.append(payment.payeeAccount)
            }
        }
    }

    /// Where `currency` is or would go in the sorted list.
    private static func slot(of currency: CurrencyCode, in list: [(currency: CurrencyCode, amount: DecimalAmount)])
        -> Int
    {
        list.firstIndex { !($0.currency < currency) } ?? list.count
    }

    /// Equal counts, payees and per-currency figures (amounts compared by value).
    public static func == (left: PaymentTotals, right: PaymentTotals) -> Bool {
        let same = {
            (a: [(currency: CurrencyCode, amount: DecimalAmount)], b: [(currency: CurrencyCode, amount: DecimalAmount)])
            in
            a.count == b.count && zip(a, b).allSatisfy { $0.currency == $1.currency && $0.amount == $1.amount }
        }
        return left.count == right.count && left.payees == right.payees && left.payeesComplete == right.payeesComplete
            && same(left.totals, right.totals) && same(left.largest, right.largest)
    }
}
