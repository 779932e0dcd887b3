import Foundation
import OfflineSigner
import TestSupport
import Testing

/// pain.001 files from an independent generator (PyPI `sepaxml`) decode to what it was given, and
/// our own files validate against the ISO 20022 schema `sepaxml` ships (checked by PyPI
/// `xmlschema`). `scripts/test` installs both; without them these tests fail and say so.
@Suite("pain.001 interop")
struct Pain001InteropTests {
    /// Prints a sepaxml pain.001.001.09 file of 60 EUR payments over two execution dates (so two
    /// PmtInf blocks), then on stderr nothing; the expected figures are computed here from the
    /// same seed.
    static let generator = """
        import datetime, sys, sepaxml
        def iban(country, bban):
            digits = ''.join(str(int(c, 36)) for c in bban + country + '00')
            return country + '%02d' % (98 - int(digits) % 97) + bban
        config = {"name": "Debtor GmbH", "IBAN": "DE89370400440532013000", "BIC": "COBADEFFXXX",
                  "batch": True, "currency": "EUR"}
        sepa = sepaxml.SepaTransfer(config, schema="pain.001.001.09", clean=True)
        for i in range(60):
            sepa.add_payment({
                "name": "Payee %d" % (i % 9), "IBAN": iban("DE", "37040044%010d" % (1000 + i % 9)),
                "BIC": "COBADEFFXXX", "amount": 1 + (i * 7919) % 250000,
                "execution_date": datetime.date(2026, 12, 4 + i % 2),
                "description": "Invoice %d" % i, "endtoend_id": "E2E%d" % i})
        sys.stdout.write(sepa.export(validate=True).decode())
        """

    /// Validates each file named on the command line against sepaxml's pain.001.001.09 XSD and
    /// prints one line per file: `valid` or the first error.
    static let validator = """
        import os, sys, sepaxml, xmlschema
        xsd = os.path.join(os.path.dirname(sepaxml.__file__), "schemas", "pain.001.001.09.xsd")
        schema = xmlschema.XMLSchema(xsd)
        for path in sys.argv[1:]:
            try:
                schema.validate(path)
                print("valid")
            except Exception as error:
                print("invalid: " + str(error).replace("\\n", " ")[:300])
        """

    /// The validator's verdict for each of `files`; fails clearly when the Python packages are missing.
    static func validate(_ files: [[UInt8]]) throws -> [String] {
        try withTemporaryFolder("wc-pain001-xsd") { folder in
            let paths = try files.enumerated().map { index, bytes in
                let url = folder.appendingPathComponent("file\(index).xml")
                try Data(bytes).write(to: url)
                return url.path
            }
            let output = try? runPeer(["python3", "-c", validator] + paths)
            let lines = output?.split(separator: "\n").map(String.init) ?? []
            try #require(
                lines.count == files.count,
                "python3 with sepaxml and xmlschema is needed (scripts/test installs them): \(output ?? "failed")"
            )
            return lines
        }
    }

    @Test func sepaxmlFileDecodesToWhatItWasGiven() throws {
        let output = try? runPeerBytes(["python3", "-c", Self.generator])
        let bytes = try #require(output, "python3 with sepaxml is needed (scripts/test installs it)")
        let batch = try bytes.withUnsafeBytes { try PaymentDecoder.decode($0, as: .pain001, keep: 3, keepAll: true) }
        let cents = (0..<60).map { 1 + ($0 * 7919) % 250000 }.reduce(0, +)
        #expect(batch.totals.count == 60)
        #expect(batch.totals.totals.map(\.currency.text) == ["EUR"])
        #expect(batch.totals.totals.first?.amount.scaled == UInt128(cents) * 1_000_000)
        #expect(batch.debtorName == "Debtor GmbH")
        #expect(batch.debtorAccount?.canonical == "iban:DE89370400440532013000")
        let expectedPayees = Set(
            (0..<9).map { payee in
                let bban = "37040044" + String(1000 + payee).leftPadded(10)
                return try! PaymentAccount(canonical: "iban:" + Self.iban("DE", bban))
            })
        #expect(Set(batch.totals.payees) == expectedPayees)
        #expect(Set(batch.all?.map(\.endToEndID) ?? []) == Set((0..<60).map { "E2E\($0)" }))
        #expect(batch.all?.first { $0.endToEndID == "E2E7" }?.payeeName == "Payee 7")
        #expect(batch.all?.first { $0.endToEndID == "E2E7" }?.remittance == "Invoice 7")
        // The generator's own file also passes the schema check used for ours.
        #expect(try Self.validate([bytes]) == ["valid"])
    }

    @Test func ourFilesValidateAgainstTheSchema() throws {
        let files = [
            PaymentSample.pain001(count: 1), PaymentSample.pain001(count: 50, payees: 3),
            Array(Pain001Tests.valid.utf8),
        ]
        #expect(try Self.validate(files) == Array(repeating: "valid", count: files.count))
        // The check can fail: a file with the elements out of schema order is reported invalid.
        let swapped = Pain001Tests.valid.replacingOccurrences(
            of: "<MsgId>M1</MsgId><CreDtTm>2026-12-03T09:30:00</CreDtTm>",
            with: "<CreDtTm>2026-12-03T09:30:00</CreDtTm><MsgId>M1</MsgId>")
        #expect(try Self.validate([Array(swapped.utf8)]).first?.hasPrefix("invalid") == true)
    }

    /// An IBAN from its country and BBAN, computing the check digits.
    static func iban(_ country: String, _ bban: String) -> String {
        let digits = (bban + country + "00").map { String(Int(String($0), radix: 36)!) }.joined()
        let remainder = digits.reduce(0) { ($0 * 10 + Int(String($1))!) % 97 }
        return country + String(98 - remainder).leftPadded(2) + bban
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
