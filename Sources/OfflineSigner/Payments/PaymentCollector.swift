/// What both payment decoders do with each decoded payment: refuse zero amounts, duplicate
/// end-to-end IDs and too many payments, add it to the totals, and keep the first and last
/// `keep` payments (every payment only when `keepAll`).
///
/// Memory: the ID set holds 40 bytes per payment inline (no heap object per ID), the payee set
/// is capped by `PaymentTotals`, and at most `2 × keep` payments are kept unless `keepAll`.
struct PaymentCollector {
    private let keep: Int
    private(set) var totals = PaymentTotals()
    private var first: [Payment] = []
    private var ring: [Payment] = []
    private var ringStart = 0
    private var all: [Payment]?
    private var ids: Set<EndToEndKey> = []

    init(keep: Int, keepAll: Bool) {
        self.keep = keep
        all = keepAll ? [] : nil
    }

    /// Sizes the ID set for about `count` payments at once instead of growing it step by step.
    /// Callers bound `count` by the payload size, so a small file cannot make it allocate much.
    mutating func reserve(_ count: Int) {
        ids.reserveCapacity(min(max(count, 0), PaymentDecoder.maximumCount))
    }

    /// Adds `payment`; the reason of a refusal names the field, the caller adds where it was.
    mutating func add(_ payment: Payment) throws(SignerError) {
        guard payment.amount.scaled > 0 else {
            throw SignerError(.invalidFile, "the amount must be greater than zero")
        }
        guard totals.count < PaymentDecoder.maximumCount else {
            throw SignerError(.invalidFile, "there are more than \(PaymentDecoder.maximumCount) payments")
        }
        guard ids.insert(EndToEndKey(payment.endToEndID)).inserted else {
            throw SignerError(.invalidFile, "the end-to-end ID \(payment.endToEndID) appears twice")
        }
        try totals.add(payment)
        all?.append(payment)
        if first.count < keep {
            first.append(payment)
        } else if ring.count < keep {
            ring.append(payment)
        } else if keep > 0 {
            ring[ringStart] = payment
            ringStart = (ringStart + 1) % keep
        }
    }

    /// The decoded batch; throws when no payment was added.
    func batch(_ format: PayloadFormat, debtorName: String? = nil, debtorAccount: PaymentAccount? = nil)
        throws(SignerError) -> DecodedBatch
    {
        guard totals.count > 0 else { throw SignerError(.invalidFile, "the \(format.rawValue) payload has no payment") }
        return DecodedBatch(
            format: format, debtorName: debtorName, debtorAccount: debtorAccount, totals: totals, first: first,
            last: Array(ring[ringStart...] + ring[..<ringStart]), all: all)
    }

    /// Adds `where` to the reason of any error `body` throws.
    static func at<T>(_ place: @autoclosure () -> String, _ body: () throws(SignerError) -> T) throws(SignerError) -> T
    {
        do {
            return try body()
        } catch {
            throw SignerError(error.code, "\(place()): \(error.reason)")
        }
    }
}

/// An end-to-end ID (1-35 ASCII bytes) packed inline with its length, so a set of a million IDs
/// costs no heap object per ID; equal exactly when the bytes are equal.
struct EndToEndKey: Hashable {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)

    /// `id` must be at most 35 bytes (`Payment` guarantees it); the last byte holds the length.
    init(_ id: String) {
        var id = id
        withUnsafeMutableBytes(of: &words) { words in
            id.withUTF8 { utf8 in
                let count = min(utf8.count, Payment.maximumEndToEndIDBytes)
                words.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[..<count]))
                words[39] = UInt8(count)
            }
        }
    }

    static func == (left: EndToEndKey, right: EndToEndKey) -> Bool {
        left.words == right.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
        hasher.combine(words.4)
    }
}
