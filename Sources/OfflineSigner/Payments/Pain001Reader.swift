import Glibc

/// The parser-independent core of `Pain001Decoder`: a state machine over the element path, fed
/// with events (element start, text, element end) by an XML parser adaptor
/// (`Pain001SAXParser` for libxml2's SAX2 parser). It reads the subset of
/// `docs/spec/pain001.md`, checks counts and sums, and records the first refusal in `error`;
/// after that the adaptor must stop feeding it. A struct, so the event path pays no dynamic
/// exclusivity checks on class properties.
///
/// Element names, namespaces and attribute names are compared as UTF-8 bytes.
struct Pain001Reader {
    /// Where the reader is. Raw values index the `seen` bit set of the parent frame.
    enum Tag: UInt8 {
        case document, initiation, groupHeader, groupCount, groupSum
        case paymentInfo, method, infoCount, infoSum, debtor, debtorName, debtorAccount, debtorAccountID
        case debtorIBAN, debtorOther, debtorOtherID, debtorAgent, debtorAgentInstitution, debtorBIC
        case transaction, paymentID, endToEndID, amount, instructedAmount, creditorAgent
        case creditorAgentInstitution, creditorBIC, creditor, creditorName, creditorAccount, creditorAccountID
        case creditorIBAN, creditorOther, creditorOtherID, remittance, unstructured
        case skip

        var bit: UInt64 { 1 << UInt64(rawValue) }

        /// Leaves whose text the reader keeps.
        var isValue: Bool {
            switch self {
            case .groupCount, .groupSum, .method, .infoCount, .infoSum, .debtorName, .debtorIBAN, .debtorOtherID,
                .debtorBIC, .endToEndID, .instructedAmount, .creditorBIC, .creditorName, .creditorIBAN,
                .creditorOtherID, .unstructured:
                true
            default: false
            }
        }

        /// Children that must be present when this element ends, as a bit set.
        var requiredMask: UInt64 { required.reduce(0) { $0 | $1.bit } }

        /// Children that must be present when this element ends.
        var required: [Tag] {
            switch self {
            case .document: [.initiation]
            case .initiation: [.groupHeader, .paymentInfo]
            case .groupHeader: [.groupCount, .groupSum]
            case .paymentInfo: [.method, .debtor, .debtorAccount, .transaction]
            case .debtor: [.debtorName]
            case .debtorAccount: [.debtorAccountID]
            case .debtorOther: [.debtorOtherID]
            case .transaction: [.paymentID, .amount, .creditor, .creditorAccount]
            case .paymentID: [.endToEndID]
            case .amount: [.instructedAmount]
            case .creditor: [.creditorName]
            case .creditorAccount: [.creditorAccountID]
            case .creditorOther: [.creditorOtherID]
            default: []
            }
        }

        /// The schema's element name, for messages.
        var element: String {
            switch self {
            case .document: "Document"
            case .initiation: "CstmrCdtTrfInitn"
            case .groupHeader: "GrpHdr"
            case .groupCount, .infoCount: "NbOfTxs"
            case .groupSum, .infoSum: "CtrlSum"
            case .paymentInfo: "PmtInf"
            case .method: "PmtMtd"
            case .debtor: "Dbtr"
            case .debtorName, .creditorName: "Nm"
            case .debtorAccount: "DbtrAcct"
            case .debtorAccountID, .creditorAccountID, .debtorOtherID, .creditorOtherID: "Id"
            case .debtorIBAN, .creditorIBAN: "IBAN"
            case .debtorOther, .creditorOther: "Othr"
            case .debtorAgent: "DbtrAgt"
            case .debtorAgentInstitution, .creditorAgentInstitution: "FinInstnId"
            case .debtorBIC, .creditorBIC: "BICFI"
            case .transaction: "CdtTrfTxInf"
            case .paymentID: "PmtId"
            case .endToEndID: "EndToEndId"
            case .amount: "Amt"
            case .instructedAmount: "InstdAmt"
            case .creditorAgent: "CdtrAgt"
            case .creditor: "Cdtr"
            case .creditorAccount: "CdtrAcct"
            case .remittance: "RmtInf"
            case .unstructured: "Ustrd"
            case .skip: "(skipped)"
            }
        }
    }

    /// The fields of one `PmtInf` or `CdtTrfTxInf` as read so far.
    private struct Fields {
        var count: UInt64?
        var sum: DecimalAmount?
        var name: String?
        var iban: String?
        var other: String?
        var bic: String?
        var endToEndID: String?
        var amount: DecimalAmount?
        var currency: CurrencyCode?
        var remittance: String?
    }

    /// One open element and which of the children the reader tracks it has seen.
    private struct Frame {
        let tag: Tag
        var seen: UInt64
    }

    /// One attribute of an element, by qualified name.
    struct Attribute {
        let name: String
        let value: String
    }

    private var stack: [Frame] = []
    private var text: [UInt8] = []
    private var collector: PaymentCollector
    private var info = Fields()
    private var transaction = Fields()
    private var infoPayments: UInt64 = 0
    private var infoTotal = DecimalAmount.zero
    private var fileTotal = DecimalAmount.zero
    private var groupCount: UInt64 = 0
    private var groupSum = DecimalAmount.zero
    private var debtor: (name: String, account: PaymentAccount)?
    private(set) var error: SignerError?
    /// The parser's current line, for messages.
    var lineNumber: () -> Int = { 0 }

    /// `Tag.requiredMask` by raw value, computed once.
    private static let requiredMasks: [UInt64] = (0...Tag.skip.rawValue).map { Tag(rawValue: $0)!.requiredMask }

    /// Deepest element nesting accepted.
    static let maximumDepth = 32

    /// `byteCount` is the payload's size: it bounds how many payments the stated `NbOfTxs` may
    /// reserve room for (a transaction takes well over 200 bytes of XML).
    init(keep: Int, keepAll: Bool, byteCount: Int) {
        collector = PaymentCollector(keep: keep, keepAll: keepAll)
        self.byteCount = byteCount
    }

    private let byteCount: Int

    /// The batch after a parse without error: checks the group header's count and sum.
    func finish() throws(SignerError) -> DecodedBatch {
        guard UInt64(collector.totals.count) == groupCount else {
            throw SignerError(
                .invalidFile,
                "the \(Pain001Decoder.name) payload's GrpHdr/NbOfTxs is \(groupCount) but it holds \(collector.totals.count) transactions"
            )
        }
        guard fileTotal == groupSum else {
            throw SignerError(
                .invalidFile,
                "the \(Pain001Decoder.name) payload's GrpHdr/CtrlSum is \(groupSum) but its amounts add up to \(fileTotal)"
            )
        }
        return try collector.batch(.pain001, debtorName: debtor?.name, debtorAccount: debtor?.account)
    }

    /// Records the first refusal, with the line and element.
    private mutating func fail(_ element: String, _ failure: SignerError) {
        guard error == nil else { return }
        error = SignerError(
            failure.code, "the \(Pain001Decoder.name) payload, line \(lineNumber()), <\(element)>: \(failure.reason)")
    }

    /// Refuses the file for something the parser reports (CDATA, an entity, a syntax error).
    mutating func reject(_ reason: String) {
        fail(stack.last?.tag.element ?? "Document", Self.refuse(reason))
    }

    private static func refuse(_ reason: String) -> SignerError { SignerError(.invalidFile, reason) }

    /// Byte equality of `name` and `literal` (memcmp, no `String ==`).
    private static func `is`(_ name: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        name.count == literal.utf8CodeUnitCount && memcmp(name.baseAddress!, literal.utf8Start, name.count) == 0
    }

    /// Byte equality for text values.
    private static func `is`(_ text: String, _ literal: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { `is`($0, literal) }
    }

    /// The tag of child `name` under `parent`, or a refusal.
    private static func child(of parent: Tag, named name: UnsafeBufferPointer<UInt8>) throws(SignerError) -> Tag {
        switch parent {
        case .document:
            if `is`(name, "CstmrCdtTrfInitn") { return .initiation }
            throw refuse("Document may hold only CstmrCdtTrfInitn")
        case .initiation:
            if `is`(name, "GrpHdr") { return .groupHeader }
            if `is`(name, "PmtInf") { return .paymentInfo }
        case .groupHeader:
            if `is`(name, "NbOfTxs") { return .groupCount }
            if `is`(name, "CtrlSum") { return .groupSum }
        case .paymentInfo:
            if `is`(name, "CdtTrfTxInf") { return .transaction }
            if `is`(name, "PmtMtd") { return .method }
            if `is`(name, "NbOfTxs") { return .infoCount }
            if `is`(name, "CtrlSum") { return .infoSum }
            if `is`(name, "Dbtr") { return .debtor }
            if `is`(name, "DbtrAcct") { return .debtorAccount }
            if `is`(name, "DbtrAgt") { return .debtorAgent }
        case .debtor: if `is`(name, "Nm") { return .debtorName }
        case .debtorAccount: if `is`(name, "Id") { return .debtorAccountID }
        case .debtorAccountID:
            if `is`(name, "IBAN") { return .debtorIBAN }
            if `is`(name, "Othr") { return .debtorOther }
        case .debtorOther: if `is`(name, "Id") { return .debtorOtherID }
        case .debtorAgent: if `is`(name, "FinInstnId") { return .debtorAgentInstitution }
        case .debtorAgentInstitution: if `is`(name, "BICFI") { return .debtorBIC }
        case .transaction:
            if `is`(name, "PmtId") { return .paymentID }
            if `is`(name, "Amt") { return .amount }
            if `is`(name, "Cdtr") { return .creditor }
            if `is`(name, "CdtrAcct") { return .creditorAccount }
            if `is`(name, "CdtrAgt") { return .creditorAgent }
            if `is`(name, "RmtInf") { return .remittance }
            if `is`(name, "ChqInstr") { throw refuse("cheque payments (ChqInstr) are not accepted") }
        case .paymentID: if `is`(name, "EndToEndId") { return .endToEndID }
        case .amount:
            if `is`(name, "InstdAmt") { return .instructedAmount }
            if `is`(name, "EqvtAmt") { throw refuse("equivalent amounts (EqvtAmt) are not accepted; use InstdAmt") }
        case .creditorAgent: if `is`(name, "FinInstnId") { return .creditorAgentInstitution }
        case .creditorAgentInstitution: if `is`(name, "BICFI") { return .creditorBIC }
        case .creditor: if `is`(name, "Nm") { return .creditorName }
        case .creditorAccount: if `is`(name, "Id") { return .creditorAccountID }
        case .creditorAccountID:
            if `is`(name, "IBAN") { return .creditorIBAN }
            if `is`(name, "Othr") { return .creditorOther }
        case .creditorOther: if `is`(name, "Id") { return .creditorOtherID }
        case .remittance: if `is`(name, "Ustrd") { return .unstructured }
        default:
            if parent.isValue { throw refuse("\(parent.element) must hold text only, not an element") }
        }
        return .skip
    }

    /// An element starts: `name` is its local name, `namespace` its namespace URI (nil: none).
    mutating func start(
        _ name: UnsafeBufferPointer<UInt8>, namespace: UnsafeBufferPointer<UInt8>?, attributes: [Attribute]
    ) {
        guard error == nil else { return }
        do {
            try open(name, namespace: namespace, attributes: attributes)
        } catch {
            fail(String(decoding: name, as: UTF8.self), error)
        }
    }

    private mutating func open(
        _ name: UnsafeBufferPointer<UInt8>, namespace: UnsafeBufferPointer<UInt8>?, attributes: [Attribute]
    ) throws(SignerError) {
        do {
            guard let namespace, Self.is(namespace, "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09") else {
                throw Self.refuse("the element is not in the namespace \(Pain001Decoder.namespace)")
            }
            let tag: Tag
            if let parent = stack.last {
                guard stack.count < Self.maximumDepth else {
                    throw Self.refuse("elements are nested more than \(Self.maximumDepth) deep")
                }
                tag = parent.tag == .skip ? .skip : try Self.child(of: parent.tag, named: name)
                if tag != .skip {
                    if tag == .paymentInfo && stack[stack.count - 1].seen & Tag.groupHeader.bit == 0 {
                        throw Self.refuse("PmtInf comes before GrpHdr")
                    }
                    if tag != .paymentInfo && tag != .transaction && stack[stack.count - 1].seen & tag.bit != 0 {
                        throw Self.refuse("the element appears twice in \(parent.tag.element)")
                    }
                    if tag == .debtorOther || tag == .debtorIBAN || tag == .creditorOther || tag == .creditorIBAN,
                        stack[stack.count - 1].seen != 0
                    {
                        throw Self.refuse("an account Id holds both IBAN and Othr")
                    }
                    stack[stack.count - 1].seen |= tag.bit
                }
            } else {
                guard Self.is(name, "Document") else { throw Self.refuse("the root element must be Document") }
                tag = .document
            }
            try checkAttributes(attributes, of: tag)
            switch tag {
            case .paymentInfo:
                info = Fields()
                infoPayments = 0
                infoTotal = .zero
            case .transaction: transaction = Fields()
            default: break
            }
            if !text.isEmpty { text.removeAll(keepingCapacity: true) }
            stack.append(Frame(tag: tag, seen: 0))
        }
    }

    /// Namespace declarations never reach here; `xsi:schemaLocation` is allowed on `Document` and
    /// `Ccy` on amounts (`InstdAmt` needs it).
    private mutating func checkAttributes(_ attributes: [Attribute], of tag: Tag) throws(SignerError) {
        var currency: String?
        for attribute in attributes {
            let key = attribute.name
            let value = attribute.value
            let local = key.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).last!
            if Self.is(key, "Ccy") {
                currency = value
            } else if tag == .document && key.utf8.contains(UInt8(ascii: ":"))
                && (local.elementsEqual("schemaLocation".utf8) || local.elementsEqual("noNamespaceSchemaLocation".utf8))
            {
                continue
            } else {
                throw Self.refuse("the attribute \(key) is not accepted")
            }
        }
        if tag == .instructedAmount {
            guard let currency else { throw Self.refuse("InstdAmt lacks its Ccy attribute") }
            transaction.currency = try CurrencyCode(currency)
        }
    }

    /// Text inside the current element (possibly one of several pieces).
    mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard error == nil, let top = stack.last?.tag else { return }
        if top.isValue {
            text.append(contentsOf: bytes)
        } else if top != .skip && !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
            fail(top.element, Self.refuse("the element must hold elements only, not text"))
        }
    }

    /// The current element ends.
    mutating func end() {
        guard error == nil, let frame = stack.popLast() else { return }
        do {
            try close(frame)
        } catch {
            fail(frame.tag.element, error)
        }
    }

    private mutating func close(_ frame: Frame) throws(SignerError) {
        do {
            let mask = Self.requiredMasks[Int(frame.tag.rawValue)]
            if frame.seen & mask != mask {
                for tag in frame.tag.required where frame.seen & tag.bit == 0 {
                    throw Self.refuse("\(tag.element) is missing")
                }
            }
            guard frame.tag.isValue else { return try end(frame.tag, text: "") }
            guard let value = text.withUnsafeBytes(TextLines.string(validating:)) else {
                throw Self.refuse("the text is not UTF-8")
            }
            try end(frame.tag, text: value)
        }
    }

    /// What ending `tag` does with its text or with the fields read inside it.
    private mutating func end(_ tag: Tag, text: String) throws(SignerError) {
        switch tag {
        case .groupCount:
            groupCount = try Self.count(text)
            collector.reserve(min(Int(groupCount), byteCount / 200))
        case .groupSum: groupSum = try Self.amount(text)
        case .infoCount: info.count = try Self.count(text)
        case .infoSum: info.sum = try Self.amount(text)
        case .method:
            guard Self.is(text, "TRF") else { throw Self.refuse("only credit transfers (TRF) are accepted") }
        case .debtorName, .creditorName:
            try Payment.checkText(text, "name", allowEmpty: false)
            if tag == .debtorName { info.name = text } else { transaction.name = text }
        case .debtorIBAN: info.iban = text
        case .debtorOtherID: info.other = text
        case .debtorBIC: info.bic = text
        case .creditorIBAN: transaction.iban = text
        case .creditorOtherID: transaction.other = text
        case .creditorBIC: transaction.bic = text
        case .endToEndID: transaction.endToEndID = text
        case .instructedAmount: transaction.amount = try Self.amount(text)
        case .unstructured:
            guard transaction.remittance == nil else { throw Self.refuse("only one Ustrd is accepted") }
            try Payment.checkText(text, "remittance text", allowEmpty: false)
            transaction.remittance = text
        case .transaction: try endTransaction()
        case .paymentInfo: try endPaymentInfo()
        default: break
        }
    }

    private mutating func endTransaction() throws(SignerError) {
        // `required` guarantees each of these was read.
        let payment = try Payment(
            endToEndID: transaction.endToEndID!, payeeName: transaction.name!,
            payeeAccount: try Self.account(transaction), amount: transaction.amount!, currency: transaction.currency!,
            remittance: transaction.remittance ?? "")
        try collector.add(payment)
        infoPayments += 1
        infoTotal = try infoTotal.adding(payment.amount)
        fileTotal = try fileTotal.adding(payment.amount)
    }

    private mutating func endPaymentInfo() throws(SignerError) {
        if let count = info.count, count != infoPayments {
            throw Self.refuse("NbOfTxs is \(count) but the block holds \(infoPayments) transactions")
        }
        if let sum = info.sum, sum != infoTotal {
            throw Self.refuse("CtrlSum is \(sum) but the block's amounts add up to \(infoTotal)")
        }
        let account = try Self.account(info)
        let name = info.name!
        if let debtor {
            guard debtor.account == account, debtor.name.utf8.elementsEqual(name.utf8) else {
                throw Self.refuse("every PmtInf must name the same debtor and debtor account")
            }
        } else {
            debtor = (name, account)
        }
    }

    /// `iban:IBAN`, or `account:[BIC/]ID` for `Othr/Id`.
    private static func account(_ fields: Fields) throws(SignerError) -> PaymentAccount {
        if let iban = fields.iban { return try PaymentAccount(scheme: .iban, identifier: iban) }
        let other = fields.other!
        return try PaymentAccount(scheme: .account, identifier: fields.bic.map { $0 + "/" + other } ?? other)
    }

    /// `NbOfTxs`: 1 to `PaymentDecoder.maximumCount`, no leading zeros.
    private static func count(_ text: String) throws(SignerError) -> UInt64 {
        guard let value = UInt64(text), String(value).utf8.elementsEqual(text.utf8),
            (1...UInt64(PaymentDecoder.maximumCount)).contains(value)
        else {
            throw refuse("NbOfTxs must be a number from 1 to \(PaymentDecoder.maximumCount) without leading zeros")
        }
        return value
    }

    /// A canonical amount within the schema's 18 total digits.
    private static func amount(_ text: String) throws(SignerError) -> DecimalAmount {
        let amount = try DecimalAmount(canonical: text)
        let digits = text.utf8.count - (amount.fractionDigits > 0 ? 1 : 0) - (text.utf8.starts(with: "0".utf8) ? 1 : 0)
        guard digits <= 18 else { throw refuse("the amount has more than 18 digits") }
        return amount
    }
}
