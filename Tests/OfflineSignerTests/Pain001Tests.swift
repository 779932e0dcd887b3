import Foundation
import OfflineSigner
import TestSupport
import Testing

/// `pain.001.001.09` as the signer reads it (`docs/spec/pain001.md`): the subset decoded, and
/// every refusal the spec names, attacked as a requester who controls the file would.
@Suite("pain.001")
struct Pain001Tests {
    static let namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"

    /// One `CdtTrfTxInf`.
    static func transaction(
        _ id: String, _ amount: String, currency: String = "EUR", name: String = "ACME Ltd",
        account: String = "<IBAN>DE89370400440532013000</IBAN>", remittance: String? = "Invoice", extra: String = ""
    ) -> String {
        """
        <CdtTrfTxInf><PmtId><EndToEndId>\(id)</EndToEndId></PmtId>\
        <Amt><InstdAmt Ccy="\(currency)">\(amount)</InstdAmt></Amt>\(extra)\
        <Cdtr><Nm>\(name)</Nm></Cdtr><CdtrAcct><Id>\(account)</Id></CdtrAcct>\
        \(remittance.map { "<RmtInf><Ustrd>\($0)</Ustrd></RmtInf>" } ?? "")</CdtTrfTxInf>
        """
    }

    /// One `PmtInf` holding `transactions`.
    static func paymentInfo(
        _ transactions: [String], count: String? = nil, sum: String? = nil, method: String = "TRF",
        debtor: String = "Debtor GmbH", debtorAccount: String = "<IBAN>GB82WEST12345698765432</IBAN>"
    ) -> String {
        """
        <PmtInf><PmtInfId>P1</PmtInfId><PmtMtd>\(method)</PmtMtd>\
        \(count.map { "<NbOfTxs>\($0)</NbOfTxs>" } ?? "")\(sum.map { "<CtrlSum>\($0)</CtrlSum>" } ?? "")\
        <ReqdExctnDt><Dt>2026-12-04</Dt></ReqdExctnDt><Dbtr><Nm>\(debtor)</Nm></Dbtr>\
        <DbtrAcct><Id>\(debtorAccount)</Id></DbtrAcct><DbtrAgt><FinInstnId><BICFI>WESTGB2L</BICFI></FinInstnId></DbtrAgt>
        \(transactions.joined(separator: "\n"))
        </PmtInf>
        """
    }

    /// A whole file.
    static func document(
        _ infos: [String], count: String, sum: String, namespace: String = namespace,
        prolog: String = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", header: String = ""
    ) -> String {
        """
        \(prolog)<Document xmlns="\(namespace)">
          <CstmrCdtTrfInitn>
            <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-12-03T09:30:00</CreDtTm>\
        <NbOfTxs>\(count)</NbOfTxs><CtrlSum>\(sum)</CtrlSum><InitgPty><Nm>Debtor GmbH</Nm></InitgPty>\(header)</GrpHdr>
        \(infos.joined(separator: "\n"))
          </CstmrCdtTrfInitn>
        </Document>

        """
    }

    /// The valid two-payment file the rejections below are variations of.
    static let valid = document(
        [paymentInfo([transaction("E2E-1", "10.25"), transaction("E2E-2", "20.25")], count: "2", sum: "30.50")],
        count: "2", sum: "30.5")

    static func decode(_ text: String, keep: Int = 10, keepAll: Bool = false) throws -> DecodedBatch {
        try Array(text.utf8).withUnsafeBytes {
            try PaymentDecoder.decode($0, as: .pain001, keep: keep, keepAll: keepAll)
        }
    }

    @Test func decodesTheSubset() throws {
        let batch = try Self.decode(Self.valid)
        #expect(batch.format == .pain001)
        #expect(batch.debtorName == "Debtor GmbH")
        #expect(batch.debtorAccount?.canonical == "iban:GB82WEST12345698765432")
        #expect(batch.totals.count == 2)
        #expect(batch.totals.totals.map { "\($0.amount) \($0.currency)" } == ["30.50 EUR"])
        #expect(batch.totals.payees.map(\.canonical) == ["iban:DE89370400440532013000"])
        #expect(batch.first.map(\.endToEndID) == ["E2E-1", "E2E-2"])
        #expect(batch.first.map(\.remittance) == ["Invoice", "Invoice"])
    }

    @Test func readsEveryShapeTheSpecAllows() throws {
        let infos = [
            Self.paymentInfo([
                Self.transaction("A", "1", currency: "USD", name: "Smith &amp; Co &#x263A;", remittance: nil),
                Self.transaction(
                    "B", "2.5", account: "<Othr><Id>6222020200112233</Id></Othr>",
                    extra: "<CdtrAgt><FinInstnId><BICFI>ICBKCNBJ</BICFI></FinInstnId></CdtrAgt>"),
                Self.transaction(
                    "C", "0.00001", account: "<Othr><Id>12345</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr>"),
            ]),
            Self.paymentInfo([Self.transaction("D", "100", currency: "EUR")], count: "1", sum: "100.0"),
        ]
        let text = Self.document(infos, count: "4", sum: "103.50001", header: "<!-- a comment -->")
            .replacingOccurrences(
                of: "<Document xmlns=\"\(Self.namespace)\">", with: "<p:Document xmlns:p=\"\(Self.namespace)\">"
            )
            .replacingOccurrences(of: "</Document>", with: "</p:Document>")
        // The prefixed root is not the namespace of the children: they are unprefixed, so refused.
        expectError(.invalidFile) { _ = try Self.decode(text) }
        let batch = try Self.decode(Self.document(infos, count: "4", sum: "103.50001", header: "<!-- a comment -->"))
        #expect(batch.totals.totals.map { "\($0.amount) \($0.currency)" } == ["102.50001 EUR", "1 USD"])
        #expect(
            batch.totals.payees.map(\.canonical) == [
                "iban:DE89370400440532013000", "account:ICBKCNBJ/6222020200112233", "account:12345",
            ])
        #expect(batch.first[0].payeeName == "Smith & Co \u{263A}" && batch.first[0].remittance.isEmpty)
    }

    @Test func prefixedNamespaceIsTheSameDocument() throws {
        let prefixed = Self.valid.replacingOccurrences(of: "<", with: "<p:").replacingOccurrences(
            of: "<p:/", with: "</p:"
        ).replacingOccurrences(of: "<p:?xml", with: "<?xml").replacingOccurrences(
            of: "xmlns=", with: "xmlns:p=")
        #expect(try Self.decode(prefixed).totals == (try Self.decode(Self.valid)).totals)
    }

    @Test func samplesDecodeWithTheirOwnTotals() throws {
        let batch = try PaymentSample.pain001(count: 300, payees: 7).withUnsafeBytes {
            try PaymentDecoder.decode($0, as: .pain001, keep: 5, keepAll: false)
        }
        #expect(batch.totals.count == 300 && batch.totals.payees.count == 7)
        #expect(batch.first.map(\.endToEndID) == ["E2E-1", "E2E-2", "E2E-3", "E2E-4", "E2E-5"])
        #expect(batch.last.map(\.endToEndID) == ["E2E-296", "E2E-297", "E2E-298", "E2E-299", "E2E-300"])
        #expect(batch.debtorAccount?.identifier == PaymentSample.debtorIBAN)
    }

    static let tx = transaction("E2E-1", "10.25")

    /// (name, file, words the reason must contain)
    static let rejections: [(String, String, String)] = [
        ("empty", "", "empty"),
        ("byte order mark", "\u{FEFF}" + valid, "byte order mark"),
        ("latin-1 encoding", valid.replacingOccurrences(of: "UTF-8", with: "ISO-8859-1"), "encoding"),
        ("NUL byte", valid.replacingOccurrences(of: "M1", with: "M\u{0}1"), "NUL"),
        (
            "DOCTYPE", valid.replacingOccurrences(of: "<Document", with: "<!DOCTYPE Document>\n<Document"),
            "DOCTYPE"
        ),
        (
            "entity declaration",
            valid.replacingOccurrences(
                of: "<Document", with: "<!DOCTYPE Document [<!ENTITY n \"ACME\">]>\n<Document"
            ).replacingOccurrences(of: "ACME Ltd", with: "&n;"), "DOCTYPE"
        ),
        ("undeclared entity reference", valid.replacingOccurrences(of: "ACME Ltd", with: "&n;"), "entity reference"),
        ("numeric-looking entity", valid.replacingOccurrences(of: "ACME Ltd", with: "&#xZZ;"), "entity reference"),
        ("CDATA", valid.replacingOccurrences(of: "ACME Ltd", with: "<![CDATA[ACME Ltd]]>"), "CDATA"),
        (
            "processing instruction", valid.replacingOccurrences(of: "<GrpHdr>", with: "<?evil x?><GrpHdr>"),
            "processing"
        ),
        ("wrong namespace", valid.replacingOccurrences(of: "001.001.09", with: "001.001.03"), "namespace"),
        ("no namespace", valid.replacingOccurrences(of: " xmlns=\"\(namespace)\"", with: ""), "namespace"),
        (
            "foreign element",
            valid.replacingOccurrences(of: "<MsgId>", with: "<x:Evil xmlns:x=\"urn:evil\"/><MsgId>"), "namespace"
        ),
        ("other root", valid.replacingOccurrences(of: "Document", with: "Doc"), "root"),
        (
            "unknown attribute",
            valid.replacingOccurrences(of: "<InstdAmt Ccy=\"EUR\">10.25", with: "<InstdAmt Ccy=\"EUR\" x=\"1\">10.25"),
            "attribute"
        ),
        ("missing Ccy", valid.replacingOccurrences(of: "<InstdAmt Ccy=\"EUR\">10.25", with: "<InstdAmt>10.25"), "Ccy"),
        ("bad Ccy", valid.replacingOccurrences(of: "Ccy=\"EUR\">10.25", with: "Ccy=\"eur\">10.25"), "currency"),
        (
            "group count mismatch",
            document([paymentInfo([tx, transaction("E2E-2", "20.25")])], count: "3", sum: "30.50"), "NbOfTxs is 3"
        ),
        (
            "group sum mismatch",
            document([paymentInfo([tx, transaction("E2E-2", "20.25")])], count: "2", sum: "30.51"), "CtrlSum"
        ),
        (
            "block count mismatch",
            document([paymentInfo([tx, transaction("E2E-2", "20.25")], count: "1")], count: "2", sum: "30.50"),
            "NbOfTxs is 1"
        ),
        (
            "block sum mismatch",
            document([paymentInfo([tx, transaction("E2E-2", "20.25")], sum: "30")], count: "2", sum: "30.50"),
            "CtrlSum is 30"
        ),
        ("count with leading zero", document([paymentInfo([tx])], count: "01", sum: "10.25"), "NbOfTxs"),
        (
            "missing group sum", valid.replacingOccurrences(of: "<CtrlSum>30.5</CtrlSum>", with: ""),
            "CtrlSum is missing"
        ),
        (
            "leading zero amount", document([paymentInfo([transaction("E", "010.25")])], count: "1", sum: "10.25"),
            "canonical"
        ),
        ("plus amount", document([paymentInfo([transaction("E", "+10.25")])], count: "1", sum: "10.25"), "canonical"),
        (
            "spaced amount", document([paymentInfo([transaction("E", " 10.25 ")])], count: "1", sum: "10.25"),
            "canonical"
        ),
        ("trailing dot", document([paymentInfo([transaction("E", "10.")])], count: "1", sum: "10"), "canonical"),
        (
            "six fraction digits", document([paymentInfo([transaction("E", "1.000001")])], count: "1", sum: "1"),
            "canonical"
        ),
        (
            "19 digits", document([paymentInfo([transaction("E", "12345678901234.12345")])], count: "1", sum: "1"),
            "18 digits"
        ),
        ("zero amount", document([paymentInfo([transaction("E", "0.00")])], count: "1", sum: "0"), "greater than zero"),
        (
            "bad IBAN checksum",
            document(
                [paymentInfo([transaction("E", "1", account: "<IBAN>DE89370400440532013001</IBAN>")])], count: "1",
                sum: "1"), "mod-97"
        ),
        (
            "lower-case IBAN",
            document(
                [paymentInfo([transaction("E", "1", account: "<IBAN>de89370400440532013000</IBAN>")])], count: "1",
                sum: "1"), "IBAN"
        ),
        (
            "bad debtor IBAN",
            document(
                [paymentInfo([tx], debtorAccount: "<IBAN>GB82WEST12345698765433</IBAN>")], count: "1", sum: "10.25"),
            "mod-97"
        ),
        (
            "IBAN and Othr",
            document(
                [
                    paymentInfo([
                        transaction(
                            "E", "1", account: "<IBAN>DE89370400440532013000</IBAN><Othr><Id>1</Id></Othr>")
                    ])
                ], count: "1", sum: "1"), "both"
        ),
        (
            "Othr with lower case",
            document(
                [paymentInfo([transaction("E", "1", account: "<Othr><Id>ab-1</Id></Othr>")])], count: "1", sum: "1"),
            "account number"
        ),
        ("duplicate ID", document([paymentInfo([tx, tx])], count: "2", sum: "20.50"), "appears twice"),
        (
            "duplicate ID across blocks",
            document([paymentInfo([tx]), paymentInfo([tx])], count: "2", sum: "20.50"), "appears twice"
        ),
        (
            "two InstdAmt",
            document(
                [paymentInfo([transaction("E", "1", extra: "<Amt><InstdAmt Ccy=\"EUR\">1</InstdAmt></Amt>")])],
                count: "1", sum: "1"), "twice"
        ),
        (
            "two creditor names",
            valid.replacingOccurrences(of: "<Nm>ACME Ltd</Nm>", with: "<Nm>ACME Ltd</Nm><Nm>Other</Nm>"), "twice"
        ),
        (
            "two Ustrd",
            valid.replacingOccurrences(of: "<Ustrd>Invoice</Ustrd>", with: "<Ustrd>a</Ustrd><Ustrd>b</Ustrd>"), "Ustrd"
        ),
        ("two group headers", valid.replacingOccurrences(of: "<PmtInf>", with: "<GrpHdr/><PmtInf>"), "twice"),
        ("missing EndToEndId", valid.replacingOccurrences(of: "<EndToEndId>E2E-1</EndToEndId>", with: ""), "missing"),
        ("missing creditor", valid.replacingOccurrences(of: "<Cdtr><Nm>ACME Ltd</Nm></Cdtr>", with: ""), "missing"),
        (
            "missing creditor account",
            valid.replacingOccurrences(
                of: "<CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct>", with: ""),
            "missing"
        ),
        ("missing debtor", valid.replacingOccurrences(of: "<Dbtr><Nm>Debtor GmbH</Nm></Dbtr>", with: ""), "missing"),
        ("no payment", document([], count: "1", sum: "1"), "missing"),
        ("cheque method", document([paymentInfo([tx], method: "CHK")], count: "1", sum: "10.25"), "TRF"),
        (
            "equivalent amount",
            valid.replacingOccurrences(
                of: "<InstdAmt Ccy=\"EUR\">10.25</InstdAmt>",
                with: "<EqvtAmt><Amt Ccy=\"USD\">10</Amt><CcyOfTrf>EUR</CcyOfTrf></EqvtAmt>"), "EqvtAmt"
        ),
        (
            "cheque instruction",
            document(
                [paymentInfo([transaction("E", "1", extra: "<ChqInstr><ChqTp>CCHQ</ChqTp></ChqInstr>")])], count: "1",
                sum: "1"),
            "ChqInstr"
        ),
        (
            "two debtors",
            document(
                [paymentInfo([tx]), paymentInfo([transaction("E2E-2", "1")], debtor: "Other GmbH")], count: "2",
                sum: "11.25"), "same debtor"
        ),
        ("text in a container", valid.replacingOccurrences(of: "<PmtId>", with: "<PmtId>x"), "elements only"),
        (
            "element in a value", valid.replacingOccurrences(of: "<Nm>ACME Ltd</Nm>", with: "<Nm>ACME<b/>Ltd</Nm>"),
            "text only"
        ),
        (
            "space around name", valid.replacingOccurrences(of: "<Nm>ACME Ltd</Nm>", with: "<Nm> ACME Ltd</Nm>"),
            "outer spaces"
        ),
        (
            "newline in name", valid.replacingOccurrences(of: "<Nm>ACME Ltd</Nm>", with: "<Nm>ACME&#10;Ltd</Nm>"),
            "control"
        ),
        ("ID with space", valid.replacingOccurrences(of: "E2E-1", with: "E2E 1"), "end-to-end"),
        ("mismatched tags", valid.replacingOccurrences(of: "</Cdtr>", with: "</Cdtrx>"), "well-formed"),
        ("truncated", String(valid.dropLast(20)), "well-formed"),
        ("trailing garbage", valid + "<x/>", "well-formed"),
        (
            "deep nesting",
            valid.replacingOccurrences(
                of: "<MsgId>M1</MsgId>",
                with: String(repeating: "<Ext>", count: 40) + String(repeating: "</Ext>", count: 40)), "nested"
        ),
    ]

    @Test("rejected", arguments: rejections)
    func rejected(_ name: String, _ text: String, _ words: String) {
        let error = expectError(.invalidFile) { _ = try Self.decode(text) }
        #expect(error?.reason.contains(words) == true, "\(name): \(error?.reason ?? "")")
        #expect(error?.reason.contains("pain.001.001.09") == true, "\(name)")
    }

    /// The classic entity-expansion attack: a million "lol"s from a few hundred bytes. Refused
    /// before the parser could expand anything, so it costs nothing.
    @Test func billionLaughsIsRefused() {
        let lol = (2...9).map { level in
            "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let text =
            "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [\n<!ENTITY lol1 \"lol\">\n" + lol.joined(separator: "\n")
            + "\n]>\n"
            + Self.valid.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")
            .replacingOccurrences(of: "ACME Ltd", with: "&lol9;")
        let error = expectError(.invalidFile) { _ = try Self.decode(text) }
        #expect(error?.reason.contains("DOCTYPE") == true)
        #expect(error.map { $0.reason.utf8.count < 300 } == true, "the reason holds no expansion")
    }

    /// XXE: an external entity naming a file must be refused, never read into a payee name.
    @Test(arguments: ["file:///etc/passwd", "local"])
    func externalEntityIsRefused(_ target: String) throws {
        try withTemporaryFolder("wc-pain001-xxe") { folder in
            let secret = folder.appendingPathComponent("secret.txt")
            try Data("TOPSECRET-42".utf8).write(to: secret)
            let system = target == "local" ? secret.absoluteString : target
            for declaration in [
                "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"\(system)\">]>",
                "<!DOCTYPE Document SYSTEM \"\(system)\">",
                "<!DOCTYPE Document [<!ENTITY % p SYSTEM \"\(system)\"> %p;]>",
            ] {
                let text = Self.valid.replacingOccurrences(of: "<Document", with: declaration + "\n<Document")
                    .replacingOccurrences(of: "ACME Ltd", with: "&xxe;")
                let error = expectError(.invalidFile) { _ = try Self.decode(text) }
                #expect(error?.reason.contains("DOCTYPE") == true)
                #expect(error?.reason.contains("TOPSECRET") == false && error?.reason.contains("root:") == false)
            }
        }
    }

    @Test func errorsNameTheLineAndElement() {
        let text = Self.valid.replacingOccurrences(of: "20.25</InstdAmt>", with: "20.250000</InstdAmt>")
        let error = expectError(.invalidFile) { _ = try Self.decode(text) }
        #expect(
            error?.reason.contains("<InstdAmt>") == true && error?.reason.contains("line 7") == true,
            "\(error?.reason ?? "")")
    }
}
