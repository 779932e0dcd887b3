import Foundation
import OfflineSigner
import TestSupport
import Testing
import WalletCrypto

/// `vectors/payment-batch-v1.json` and `vectors/pain001.json`, each case its own test: valid files
/// decode to the count, totals, largest payments, payees and IDs the vector states; invalid ones
/// are refused with `invalidFile`.
@Suite("Payment vectors")
struct PaymentVectorTests {
    static let suite = VectorSuite([
        VectorRunner(VectorFile("payment-batch-v1.json", inProject: true)) { try check($0, .paymentBatchV1) },
        VectorRunner(VectorFile("pain001.json", inProject: true)) { try check($0, .pain001) },
    ])

    @Test("vector case", arguments: suite.cases)
    func vectorCase(_ testCase: VectorCase) throws { try Self.suite.run(testCase) }

    @Test("vector file summary", arguments: suite.paths)
    func fileSummary(_ path: String) throws { try Self.suite.summarize(path) }

    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    /// The case's file bytes: `fileHex` when bytes matter, else the UTF-8 of `file`.
    static func bytes(_ c: VectorCase) throws -> [UInt8] {
        c.fields["fileHex"] != nil ? try c.hex("fileHex") : Array(try c.string("file").utf8)
    }

    static func check(_ c: VectorCase, _ format: PayloadFormat) throws {
        let batch = try bytes(c).withUnsafeBytes {
            try PaymentDecoder.decode($0, as: format, keep: 2, keepAll: true)
        }
        let list = { (pairs: [(currency: CurrencyCode, amount: DecimalAmount)]) in
            pairs.map { "\($0.currency) \($0.amount)" }.joined(separator: ", ")
        }
        let found: [(String, String)] = [
            ("count", String(batch.totals.count)),
            ("totals", list(batch.totals.totals)),
            ("largest", list(batch.totals.largest)),
            ("payees", batch.totals.payees.map(\.canonical).joined(separator: " ")),
            ("endToEndIds", (batch.all ?? []).map(\.endToEndID).joined(separator: " ")),
            ("debtorName", batch.debtorName ?? ""),
            ("debtorAccount", batch.debtorAccount?.canonical ?? ""),
        ]
        for (name, value) in found {
            let expected = c.fields[name] ?? ""
            guard value.utf8.elementsEqual(expected.utf8) else {
                throw Mismatch(description: "\(name) is \(value), the vector says \(expected)")
            }
        }
    }

    /// The valid pain.001 vectors are real pain.001: they pass the ISO 20022 schema check.
    @Test func validPain001VectorsPassTheSchema() throws {
        let files = try Self.suite.cases.filter { $0.file.hasSuffix("pain001.json") && $0.expected == .valid }
            .map(Self.bytes)
        try #require(files.count >= 3)
        #expect(try Pain001InteropTests.validate(files) == Array(repeating: "valid", count: files.count))
    }
}
