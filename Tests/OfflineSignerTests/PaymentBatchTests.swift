import OfflineSigner
import TestSupport
import Testing

/// `payment-batch-v1` (`docs/spec/payment-batch-v1.md`): what is decoded, and every rejection the
/// spec names, each crafted the way a requester would.
@Suite("Payment batch v1")
struct PaymentBatchTests {
    static let header = "end_to_end_id,payee_name,payee_account,amount,currency,remittance\n"

    static func decode(_ text: String, keep: Int = 10, keepAll: Bool = false) throws -> DecodedBatch {
        try decode(Array(text.utf8), keep: keep, keepAll: keepAll)
    }

    static func decode(_ bytes: [UInt8], keep: Int = 10, keepAll: Bool = false) throws -> DecodedBatch {
        try bytes.withUnsafeBytes { try PaymentDecoder.decode($0, as: .paymentBatchV1, keep: keep, keepAll: keepAll) }
    }

    @Test func decodesWhatThePayloadPays() throws {
        let batch = try Self.decode(
            Self.header + """
                PAY-1,ACME Ltd,iban:DE89370400440532013000,1250.00,EUR,Invoice 42
                PAY-2,"Smith, Jones & Co",card:6212345678901232,99.5,CNY,
                PAY-3,Wallet user 7,wallet:u7.eu,0.01,EUR,"Refund ""order"" 7"
                PAY-4,ACME Ltd,iban:DE89370400440532013000,10,EUR,"a,b"

                """)
        #expect(batch.format == .paymentBatchV1)
        #expect(batch.debtorName == nil && batch.debtorAccount == nil)
        #expect(batch.totals.count == 4)
        #expect(batch.totals.totals.map { "\($0.amount) \($0.currency)" } == ["99.5 CNY", "1260.01 EUR"])
        #expect(batch.totals.largest.map { "\($0.amount) \($0.currency)" } == ["99.5 CNY", "1250.00 EUR"])
        #expect(
            batch.totals.payees.map(\.canonical) == [
                "iban:DE89370400440532013000", "card:6212345678901232", "wallet:u7.eu",
            ])
        #expect(batch.first.map(\.payeeName) == ["ACME Ltd", "Smith, Jones & Co", "Wallet user 7", "ACME Ltd"])
        #expect(batch.first.map(\.remittance) == ["Invoice 42", "", "Refund \"order\" 7", "a,b"])
        #expect(batch.last.isEmpty && batch.all == nil)
    }

    @Test(
        "first, last and all",
        arguments: [(25, 10, 10, 10), (15, 10, 10, 5), (10, 10, 10, 0), (3, 10, 3, 0), (7, 0, 0, 0)])
    func paging(_ count: Int, _ keep: Int, _ firstCount: Int, _ lastCount: Int) throws {
        let batch = try Self.decode(PaymentSample.paymentBatch(count: count, payees: 4), keep: keep)
        #expect(batch.first.map(\.endToEndID) == (0..<firstCount).map { "E2E-\($0 + 1)" })
        #expect(batch.last.map(\.endToEndID) == (count - lastCount..<count).map { "E2E-\($0 + 1)" })
        #expect(batch.totals.count == count && batch.totals.payees.count == min(count, 4))
        let all = try Self.decode(PaymentSample.paymentBatch(count: count, payees: 4), keep: keep, keepAll: true).all
        #expect(all?.map(\.endToEndID) == (0..<count).map { "E2E-\($0 + 1)" })
    }

    @Test func sampleTotalsMatchAnIndependentSum() throws {
        let bytes = PaymentSample.paymentBatch(count: 1000, payees: 37)
        let batch = try Self.decode(bytes)
        // Re-add the amount column with integer cents, independently of DecimalAmount.
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst()
        let cents = lines.map { line in
            let amount = line.split(separator: ",")[3].split(separator: ".")
            return Int(amount[0])! * 100 + Int(amount[1])!
        }.reduce(0, +)
        #expect(batch.totals.totals.count == 1)
        #expect(batch.totals.totals[0].amount.scaled == UInt128(cents) * 1_000_000)
        #expect(batch.totals.payees.count == 37)
    }

    static let line = "PAY-1,ACME Ltd,iban:DE89370400440532013000,1.00,EUR,x\n"

    /// (name, file, words the reason must contain)
    static let rejections: [(String, [UInt8], String)] = [
        ("empty file", [], "line end"),
        ("header only", Array(header.utf8), "no payment"),
        ("byte order mark", [0xEF, 0xBB, 0xBF] + Array((header + line).utf8), "byte order mark"),
        ("CRLF", Array((header + line).replacingOccurrences(of: "\n", with: "\r\n").utf8), "CR LF"),
        ("missing final newline", Array((header + line).dropLast().utf8), "line end"),
        ("other header", Array((header.uppercased() + line).utf8), "header"),
        ("header v2", Array(("walletcustody-payment-batch-v2\n" + line).utf8), "header"),
        ("empty line", Array((header + line + "\n").utf8), "line 3"),
        ("five fields", Array((header + "PAY-1,ACME,wallet:a,1,EUR\n").utf8), "fewer than six"),
        ("seven fields", Array((header + "PAY-1,ACME,wallet:a,1,EUR,x,y\n").utf8), "more than six"),
        ("needless quotes", Array((header + "PAY-1,\"ACME\",wallet:a,1,EUR,x\n").utf8), "quoted but"),
        ("bare quote", Array((header + "PAY-1,AC\"ME,wallet:a,1,EUR,x\n").utf8), "not quoted"),
        ("unclosed quote", Array((header + "PAY-1,\"AC,ME,wallet:a,1,EUR,x\n").utf8), "not closed"),
        ("text after quote", Array((header + "PAY-1,\"A,B\"C,wallet:a,1,EUR,x\n").utf8), "after its closing"),
        (
            "not UTF-8", Array(header.utf8) + Array("PAY-1,AC".utf8) + [0xFF] + Array("ME,wallet:a,1,EUR,x\n".utf8),
            "UTF-8"
        ),
        ("control character", Array((header + "PAY-1,AC\u{7}ME,wallet:a,1,EUR,x\n").utf8), "control"),
        ("C1 control character", Array((header + "PAY-1,AC\u{85}ME,wallet:a,1,EUR,x\n").utf8), "control"),
        ("CR inside a field", Array((header + "PAY-1,AC\rME,wallet:a,1,EUR,x\n").utf8), "control"),
        ("outer space", Array((header + "PAY-1, ACME,wallet:a,1,EUR,x\n").utf8), "outer spaces"),
        ("empty name", Array((header + "PAY-1,,wallet:a,1,EUR,x\n").utf8), "payee name"),
        ("long name", Array((header + "PAY-1,\(String(repeating: "é", count: 141)),wallet:a,1,EUR,x\n").utf8), "140"),
        (
            "long remittance", Array((header + "PAY-1,A,wallet:a,1,EUR,\(String(repeating: "r", count: 141))\n").utf8),
            "140"
        ),
        ("empty ID", Array((header + ",ACME,wallet:a,1,EUR,x\n").utf8), "end-to-end"),
        ("ID with space", Array((header + "PAY 1,ACME,wallet:a,1,EUR,x\n").utf8), "end-to-end"),
        (
            "long ID", Array((header + String(repeating: "P", count: 36) + ",ACME,wallet:a,1,EUR,x\n").utf8),
            "end-to-end"
        ),
        ("duplicate ID", Array((header + line + line).utf8), "appears twice"),
        ("bad IBAN checksum", Array((header + "PAY-1,A,iban:DE89370400440532013001,1,EUR,x\n").utf8), "mod-97"),
        ("lower-case IBAN", Array((header + "PAY-1,A,iban:de89370400440532013000,1,EUR,x\n").utf8), "IBAN"),
        ("IBAN with spaces", Array((header + "PAY-1,A,iban:DE89 3704 0044 0532 0130 00,1,EUR,x\n").utf8), "IBAN"),
        ("bad Luhn", Array((header + "PAY-1,A,card:6212345678901233,1,EUR,x\n").utf8), "Luhn"),
        ("unknown scheme", Array((header + "PAY-1,A,btc:1abc,1,EUR,x\n").utf8), "iban:"),
        ("upper-case wallet", Array((header + "PAY-1,A,wallet:Acme,1,EUR,x\n").utf8), "wallet"),
        ("leading zero amount", Array((header + "PAY-1,A,wallet:a,01.00,EUR,x\n").utf8), "canonical decimal"),
        ("trailing dot amount", Array((header + "PAY-1,A,wallet:a,1.,EUR,x\n").utf8), "canonical decimal"),
        ("six fraction digits", Array((header + "PAY-1,A,wallet:a,1.000000,EUR,x\n").utf8), "canonical decimal"),
        ("exponent amount", Array((header + "PAY-1,A,wallet:a,1e3,EUR,x\n").utf8), "canonical decimal"),
        ("signed amount", Array((header + "PAY-1,A,wallet:a,+1,EUR,x\n").utf8), "canonical decimal"),
        ("negative amount", Array((header + "PAY-1,A,wallet:a,-1,EUR,x\n").utf8), "canonical decimal"),
        ("comma amount", Array((header + "PAY-1,A,wallet:a,\"1,00\",EUR,x\n").utf8), "canonical decimal"),
        ("zero amount", Array((header + "PAY-1,A,wallet:a,0.00,EUR,x\n").utf8), "greater than zero"),
        ("lower-case currency", Array((header + "PAY-1,A,wallet:a,1,eur,x\n").utf8), "currency"),
        (
            "total overflow",
            Array((header + "P1,A,wallet:a,999999999999999999,EUR,x\nP2,A,wallet:a,1,EUR,x\n").utf8), "18 integer"
        ),
    ]

    @Test("rejected", arguments: rejections)
    func rejected(_ name: String, _ bytes: [UInt8], _ words: String) {
        let error = expectError(.invalidFile) { _ = try Self.decode(bytes) }
        #expect(error?.reason.contains(words) == true, "\(name): \(error?.reason ?? "")")
        #expect(error?.reason.contains("payment-batch-v1") == true)
    }

    @Test func errorsNameTheLine() {
        let error = expectError(.invalidFile) {
            _ = try Self.decode(Self.header + Self.line + "PAY-2,A,wallet:a,1,EUR,x\nPAY-3,A,wallet:a,1.,EUR,x\n")
        }
        #expect(error?.reason.contains("line 4") == true, "\(error?.reason ?? "")")
    }

    @Test func opaqueAndOversizedPayloadsAreNotDecoded() {
        expectError(.usage) {
            _ = try [UInt8](Self.header.utf8).withUnsafeBytes {
                try PaymentDecoder.decode($0, as: .opaque, keep: 1, keepAll: false)
            }
        }
        // A buffer one byte over the limit, without allocating it: the size check comes first.
        let fake = UnsafeRawBufferPointer(
            start: UnsafeRawPointer(bitPattern: 0x1000), count: PaymentDecoder.maximumSize + 1)
        expectError(.invalidFile) { _ = try PaymentDecoder.decode(fake, as: .paymentBatchV1, keep: 1, keepAll: false) }
        expectError(.invalidFile) { _ = try PaymentDecoder.decode(fake, as: .pain001, keep: 1, keepAll: false) }
    }
}
