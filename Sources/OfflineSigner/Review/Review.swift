import Foundation
import WalletCrypto

/// What a person reads before signing: what the payloads pay, computed from their bytes, and
/// everything else the signature covers.
///
/// Security contract: every value shown comes from the request bytes or from the payload bytes the
/// signer hashed and decoded, never from a claim the signer did not check; text that the signer did
/// not check (the requester's purpose and reference, an opaque file's content) is labelled so.
/// Each value sits on its own row after a fixed label; values are escaped (`DisplayText`), cut to a
/// byte limit with a visible marker and wrapped by the signer itself at the terminal's width behind
/// a continuation indent, so no value can start a row that looks like a label. Label rows start
/// with exactly two spaces; no escaped value contains two spaces in a row.
public struct Review: Sendable {
    /// One row: a fixed label and a value (already escaped where it came from outside).
    public struct Entry: Sendable, Equatable {
        /// The fixed label, from this type only; nil for a heading or a note.
        public let label: String?
        /// The value as shown.
        public let value: String
        /// The key of the value in `--json`.
        public let key: String
    }

    /// The rows in order.
    public let entries: [Entry]
    /// Everything `review --json` prints.
    public let json: [String: any Sendable]

    /// The width of the label column; values start after it.
    static let labelWidth = 20

    /// The review of `request` with the content the signer read from its payloads.
    public init(
        _ request: SigningRequest, content: PayloadContent, keyID: KeyID?, algorithm: SignerAlgorithm?,
        policy: String, now: Date, showAll: Bool
    ) {
        var entries: [Entry] = []
        var json: [String: any Sendable] = [:]
        func add(_ label: String, _ value: String, _ key: String) {
            entries.append(Entry(label: label, value: value, key: key))
        }
        entries.append(Entry(label: nil, value: "Signing request \(request.idHex)", key: "requestId"))
        add("kind", request.kind, "kind")
        add("created", UTCTime.format(request.created), "created")
        add("expires", "\(UTCTime.format(request.expires)) (\(Self.remaining(request.expires, now)))", "expires")
        json["requestId"] = request.idHex
        json["kind"] = request.kind
        json["created"] = UTCTime.format(request.created)
        json["expires"] = UTCTime.format(request.expires)
        if let keyID, let algorithm {
            add("signing key", "\(keyID) (\(algorithm.rawValue))", "signingKey")
            json["signingKey"] = "\(keyID)"
        }
        if let quorum = request.quorum {
            add("quorum", "\(quorum.threshold) of \(quorum.keys.count) keys", "quorum")
            for key in quorum.keys { add("quorum key", "\(key)", "quorumKey") }
            json["quorum"] =
                ["threshold": quorum.threshold, "keys": quorum.keys.map(\.description)] as [String: any Sendable]
        }
        var payloadsJSON: [[String: any Sendable]] = []
        for item in content.items {
            let payload = item.payload
            add("payload", payload.name, "payload")
            add("format", payload.format.rawValue, "format")
            add("size", "\(payload.byteCount) bytes, sha256 checked", "size")
            add("sha256", Hex.encode(payload.sha256), "sha256")
            var payloadJSON: [String: any Sendable] = [
                "name": payload.name, "format": payload.format.rawValue, "bytes": payload.byteCount,
                "sha256": Hex.encode(payload.sha256), "contentChecked": item.batch != nil,
            ]
            guard let batch = item.batch else {
                add("content", "NOT CHECKED: an opaque file, only its hash and size were verified", "content")
                payloadsJSON.append(payloadJSON)
                continue
            }
            if let name = batch.debtorName { add("debtor name", DisplayText.shown(name), "debtorName") }
            if let account = batch.debtorAccount { add("debtor account", account.canonical, "debtorAccount") }
            payloadJSON["debtorName"] = batch.debtorName
            payloadJSON["debtorAccount"] = batch.debtorAccount?.canonical
            let count = batch.totals.count
            add("payments", "\(count), decoded from the payload", "payments")
            for (currency, amount) in batch.totals.totals {
                add("total \(currency.text)", amount.text, "total")
            }
            let shown: [(Int, Payment)]
            if let all = batch.all, showAll {
                shown = Array(all.enumerated().map { ($0.offset + 1, $0.element) })
            } else {
                shown =
                    batch.first.enumerated().map { ($0.offset + 1, $0.element) }
                    + batch.last.enumerated().map { (count - batch.last.count + $0.offset + 1, $0.element) }
            }
            var previous = 0
            for (number, payment) in shown {
                if number > previous + 1 {
                    entries.append(
                        Entry(
                            label: nil,
                            value: "  (\(number - previous - 1) payments not shown; review --all shows every payment)",
                            key: "omitted"))
                }
                previous = number
                add("payment", "\(number) of \(count)", "payment")
                add("amount", "\(payment.amount.text) \(payment.currency.text)", "amount")
                add("payee account", payment.payeeAccount.canonical, "payeeAccount")
                add("payee name", DisplayText.shown(payment.payeeName), "payeeName")
                add("end-to-end id", DisplayText.shown(payment.endToEndID), "endToEndId")
                if !payment.remittance.isEmpty {
                    add("remittance", DisplayText.shown(payment.remittance), "remittance")
                }
            }
            payloadJSON["payments"] = count
            payloadJSON["totals"] = batch.totals.totals.map {
                ["currency": $0.currency.text, "amount": $0.amount.text]
            }
            payloadJSON["shownPayments"] = shown.map { number, payment -> [String: any Sendable] in
                [
                    "number": number, "amount": payment.amount.text, "currency": payment.currency.text,
                    "payeeAccount": payment.payeeAccount.canonical, "payeeName": payment.payeeName,
                    "endToEndId": payment.endToEndID, "remittance": payment.remittance,
                ]
            }
            payloadsJSON.append(payloadJSON)
        }
        json["payloads"] = payloadsJSON
        if let summary = content.summary {
            add("all payments", "\(summary.paymentCount)", "paymentCount")
            for money in summary.totals {
                add("grand total", "\(money.amount.text) \(money.currency.text)", "grandTotal")
            }
            add("distinct payees", "\(summary.payeeCount)", "payeeCount")
            json["paymentCount"] = summary.paymentCount
            json["totals"] = summary.totals.map { ["currency": $0.currency.text, "amount": $0.amount.text] }
            json["largest"] = summary.largest.map { ["currency": $0.currency.text, "amount": $0.amount.text] }
            json["payeeCount"] = summary.payeeCount
            json["payees"] = summary.payees.map(\.canonical)
        } else {
            add("amounts", "none: no payload is a payment file the signer can read", "amounts")
        }
        if let purpose = request.purpose {
            add("purpose (unchecked)", DisplayText.shown(purpose), "purpose")
            json["purpose"] = purpose
        }
        if let reference = request.reference {
            add("ref (unchecked)", DisplayText.shown(reference), "reference")
            json["reference"] = reference
        }
        add("policy", policy, "policy")
        add("request sha256", Hex.encode(request.sha256), "requestSha256")
        json["policy"] = policy
        json["requestSha256"] = Hex.encode(request.sha256)
        json["payloadsVerified"] = true
        entries.append(
            Entry(
                label: nil,
                value:
                    "The signature covers the request bytes (ID, kind, times, quorum, payload hashes, stated content) and the key ID.",
                key: "note"))
        self.entries = entries
        self.json = json
    }

    /// The review as rows no wider than `width` columns (at least 40).
    public func text(width: Int = 80) -> String {
        let width = max(40, width)
        var rows: [String] = []
        for entry in entries {
            guard let label = entry.label else {
                rows += Self.wrap(entry.value, first: "", rest: "    ", width: width)
                continue
            }
            let head = "  " + label + ":"
            let padded = head + String(repeating: " ", count: max(1, Self.labelWidth - head.count))
            rows += Self.wrap(
                entry.value, first: padded, rest: String(repeating: " ", count: Self.labelWidth), width: width)
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// Splits `value` into rows of at most `width` display columns, the first behind `first`, the
    /// others behind `rest`, so the terminal never wraps a row itself.
    static func wrap(_ value: String, first: String, rest: String, width: Int) -> [String] {
        var rows: [String] = []
        var row = first
        var columns = first.count
        var prefixOnly = true
        for scalar in value.unicodeScalars {
            let cells = Self.cells(scalar)
            if columns + cells > width && !prefixOnly {
                rows.append(row)
                row = rest
                columns = rest.count
                prefixOnly = true
            }
            row.unicodeScalars.append(scalar)
            columns += cells
            prefixOnly = false
        }
        rows.append(row)
        return rows
    }

    /// Terminal cells a scalar takes: 2 for East Asian wide characters, 0 for combining marks.
    static func cells(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        default: break
        }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1FAFF,
            0x20000...0x3FFFD:
            return 2
        default: return 1
        }
    }

    private static func remaining(_ expires: Date, _ now: Date) -> String {
        let seconds = Int(expires.timeIntervalSince(now))
        guard seconds > 0 else { return "EXPIRED" }
        return seconds >= 3600
            ? "in \(seconds / 3600) h \(seconds % 3600 / 60) min" : "in \(seconds / 60) min \(seconds % 60) s"
    }
}
