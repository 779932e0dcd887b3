/// A payment payload as the signer decoded it.
///
/// Security contract: every field comes from the payload bytes that were hashed; nothing comes
/// from the request's typed summary. `first` and `last` are for paging a screen; `totals` covers
/// every payment, and `all` is only filled when asked for (it holds the whole batch in memory).
public struct DecodedBatch: Sendable {
    /// The format the payload was decoded as.
    public let format: PayloadFormat
    /// The debtor's name (pain.001 `PmtInf/Dbtr/Nm` when every payment information block agrees); nil for CSV.
    public let debtorName: String?
    /// The debtor's account (pain.001 `PmtInf/DbtrAcct`, the same in every block); nil for CSV.
    public let debtorAccount: PaymentAccount?
    /// Count, totals, largest payments and payees over every payment.
    public let totals: PaymentTotals
    /// The first `keep` payments in file order.
    public let first: [Payment]
    /// The last `keep` payments that are not already in `first`, in file order.
    public let last: [Payment]
    /// Every payment in file order, when the decoder was asked to keep them all; nil otherwise.
    public let all: [Payment]?

    /// A batch from its parts (decoders and tests).
    public init(
        format: PayloadFormat, debtorName: String?, debtorAccount: PaymentAccount?, totals: PaymentTotals,
        first: [Payment], last: [Payment], all: [Payment]?
    ) {
        self.format = format
        self.debtorName = debtorName
        self.debtorAccount = debtorAccount
        self.totals = totals
        self.first = first
        self.last = last
        self.all = all
    }
}
