import OfflineSigner
import TestSupport
import Testing

/// The amount arithmetic and the account checks every payment decoder relies on.
@Suite("Payment types")
struct PaymentTypesTests {
    @Test(
        "canonical amounts parse exactly",
        arguments: [
            ("0", 0 as UInt128), ("1", 100_000_000), ("0.5", 50_000_000), ("1.50", 150_000_000),
            ("12.34567", 1_234_567_000), ("0.00001", 1_000),
            ("999999999999999999.99999", 99_999_999_999_999_999_999_999_000),
        ])
    func canonicalAmounts(_ text: String, _ scaled: UInt128) throws {
        let amount = try DecimalAmount(canonical: text)
        #expect(amount.scaled == scaled)
        #expect(amount.text == text)
        #expect(amount.description == text)
    }

    @Test(
        "non-canonical amounts are refused",
        arguments: [
            "01.00", "1.", ".5", "+1", "-1", "1e3", "1,00", " 1", "1 ", "1.000000", "", ".", "00", "0x10", "1..2",
            "1.2.3", "1000000000000000000", "١", "1\u{0}", "１",
        ])
    func nonCanonicalAmounts(_ text: String) {
        expectError(.invalidFile) { _ = try DecimalAmount(canonical: text) }
    }

    @Test(
        "sums are exact and keep the longer fraction",
        arguments: [
            ("1.5", "2.25", "3.75"), ("1.50", "2.25", "3.75"), ("1", "2", "3"), ("0.1", "0.2", "0.3"),
            ("0.99999", "0.00001", "1.00000"), ("1", "0.5", "1.5"), ("0", "0", "0"), ("9.9", "0.1", "10.0"),
            ("999999999999999998", "1", "999999999999999999"),
        ])
    func sums(_ left: String, _ right: String, _ sum: String) throws {
        let result = try DecimalAmount(canonical: left).adding(try DecimalAmount(canonical: right))
        #expect(result.text == sum)
        #expect(result == (try DecimalAmount(canonical: sum)))
        #expect(try DecimalAmount(canonical: result.text).text == sum, "a sum is itself canonical")
    }

    @Test func sumOverflowIsRefused() throws {
        let big = try DecimalAmount(canonical: "999999999999999999.99999")
        expectError(.invalidFile) { _ = try big.adding(try DecimalAmount(canonical: "0.00001")) }
        #expect(try big.adding(.zero) == big)
    }

    @Test func amountsCompareByValue() throws {
        let a = try DecimalAmount(canonical: "1.5")
        let b = try DecimalAmount(canonical: "1.50")
        #expect(a == b && a.hashValue == b.hashValue && a.text != b.text)
        #expect(try DecimalAmount(canonical: "0.99999") < DecimalAmount(canonical: "1"))
        #expect(try DecimalAmount(canonical: "10") > DecimalAmount(canonical: "9.99"))
        #expect(DecimalAmount.zero.text == "0" && DecimalAmount.zero.scaled == 0)
    }

    @Test func currencies() throws {
        #expect(try CurrencyCode("EUR").text == "EUR")
        #expect(try CurrencyCode("CHF") < CurrencyCode("EUR"))
        for bad in ["eur", "EU", "EURO", "", "E R", "ЕUR", "ＥUR", "EU1"] {
            expectError(.invalidFile) { _ = try CurrencyCode(bad) }
        }
    }

    @Test(
        "canonical accounts are accepted",
        arguments: [
            "iban:DE89370400440532013000", "iban:GB82WEST12345698765432", "iban:NO9386011117947",
            "iban:FR1420041010050500013M02606", "card:6212345678901232", "card:4111111111111111",
            "card:6250941006528599", "account:ICBKCNBJ/6222020200112233", "account:12345", "wallet:acme-payouts.eu",
            "wallet:0", "wallet:" + String(repeating: "a", count: 64),
        ])
    func canonicalAccounts(_ text: String) throws {
        let account = try PaymentAccount(canonical: text)
        #expect(account.canonical == text)
        #expect(account.description == text)
        #expect(try PaymentAccount(scheme: account.scheme, identifier: account.identifier) == account)
    }

    @Test(
        "non-canonical or mistyped accounts are refused",
        arguments: [
            "iban:DE89370400440532013001",  // one digit changed: mod-97 fails
            "iban:DE89 3704 0044 0532 0130 00", "iban:de89370400440532013000", "iban:DE8937040044053201300",
            "iban:GB82WEST1234569876543", "iban:00DE370400440532013000", "iban:", "iban:DE89370400440532013000\n",
            "IBAN:DE89370400440532013000", "card:6212345678901233", "card:4111111111111112", "card:41111111111",
            "card:41111111111111111111", "card:4111 1111 1111 1111", "card:٤111111111111111",
            "account:icbkcnbj/123", "account:/123", "account:BANK/", "account:A/B/C", "account:123456789012/1",
            "account:" + String(repeating: "1", count: 35), "wallet:Acme", "wallet:-acme", "wallet:acme pay",
            "wallet:", "wallet:" + String(repeating: "a", count: 65), "wallet:acmé", "bitcoin:1abc", "DE8937040044",
            "", ":",
        ])
    func refusedAccounts(_ text: String) {
        expectError(.invalidFile) { _ = try PaymentAccount(canonical: text) }
    }

    @Test func accountsCompareAsBytes() throws {
        let a = try PaymentAccount(canonical: "wallet:klm")
        #expect(a == (try PaymentAccount(scheme: .wallet, identifier: "klm")))
        #expect(a != (try PaymentAccount(canonical: "account:KLM")))
        #expect(Set([a, try PaymentAccount(canonical: "wallet:klm")]).count == 1)
        expectError(.invalidFile) { _ = try PaymentAccount(canonical: "wallet:\u{212A}lm") }
    }

    static func payment(_ id: String, _ account: String, _ amount: String, _ currency: String) throws -> Payment {
        try Payment(
            endToEndID: id, payeeName: "ACME Ltd", payeeAccount: PaymentAccount(canonical: account),
            amount: DecimalAmount(canonical: amount), currency: CurrencyCode(currency), remittance: "")
    }

    @Test func paymentTextRules() throws {
        let account = try PaymentAccount(canonical: "wallet:acme")
        let amount = try DecimalAmount(canonical: "1")
        let eur = try CurrencyCode("EUR")
        let make = { (id: String, name: String, remittance: String) throws -> Payment in
            try Payment(
                endToEndID: id, payeeName: name, payeeAccount: account, amount: amount, currency: eur,
                remittance: remittance)
        }
        _ = try make("E2E-1", "ACME Ltd", "")
        _ = try make(
            String(repeating: "x", count: 35), String(repeating: "é", count: 140), String(repeating: "r", count: 140))
        for (id, name, remittance) in [
            ("", "ACME", ""), (String(repeating: "x", count: 36), "ACME", ""), ("E2E 1", "ACME", ""),
            ("E2É", "ACME", ""), ("E2E", "", ""), ("E2E", " ACME", ""), ("E2E", "ACME\n", ""),
            ("E2E", "AC\u{85}ME", ""), ("E2E", String(repeating: "a", count: 141), ""),
            ("E2E", "ACME", String(repeating: "r", count: 141)), ("E2E", "ACME", "a\u{7F}b"), ("E2E", "ACME", "x "),
        ] {
            expectError(.invalidFile) { _ = try make(id, name, remittance) }
        }
    }

    @Test func totalsPerCurrency() throws {
        var totals = PaymentTotals()
        try totals.add(Self.payment("1", "wallet:b", "10.5", "USD"))
        try totals.add(Self.payment("2", "wallet:a", "2.25", "EUR"))
        try totals.add(Self.payment("3", "wallet:b", "100", "USD"))
        try totals.add(Self.payment("4", "iban:DE89370400440532013000", "0.01", "CHF"))
        #expect(totals.count == 4)
        #expect(totals.totals.map(\.currency.text) == ["CHF", "EUR", "USD"])
        #expect(totals.totals.map(\.amount.text) == ["0.01", "2.25", "110.5"])
        #expect(totals.largest.map(\.amount.text) == ["0.01", "2.25", "100"])
        #expect(totals.payees.map(\.canonical) == ["wallet:b", "wallet:a", "iban:DE89370400440532013000"])
        #expect(totals.payeesComplete)
        var other = PaymentTotals()
        #expect(other != totals)
        for payment in [
            try Self.payment("1", "wallet:b", "10.50", "USD"), try Self.payment("2", "wallet:a", "2.25", "EUR"),
            try Self.payment("3", "wallet:b", "100.0", "USD"),
            try Self.payment("4", "iban:DE89370400440532013000", "0.01", "CHF"),
        ] { try other.add(payment) }
        #expect(other == totals, "amounts compare by value")
    }

    @Test func totalsOverflowIsRefused() throws {
        var totals = PaymentTotals()
        try totals.add(Self.payment("1", "wallet:a", "999999999999999999", "EUR"))
        expectError(.invalidFile) { try totals.add(Self.payment("2", "wallet:a", "1", "EUR")) }
        try totals.add(Self.payment("3", "wallet:a", "1", "USD"))
    }

    @Test func payeeListIsCapped() throws {
        var totals = PaymentTotals()
        let amount = try DecimalAmount(canonical: "1")
        let eur = try CurrencyCode("EUR")
        for index in 0...PaymentTotals.maximumPayees {
            try totals.add(
                Payment(
                    endToEndID: "E\(index)", payeeName: "P",
                    payeeAccount: PaymentAccount(canonical: "wallet:p\(index)"),
                    amount: amount, currency: eur, remittance: ""))
        }
        #expect(!totals.payeesComplete)
        #expect(totals.payees.count == PaymentTotals.maximumPayees)
        #expect(totals.count == PaymentTotals.maximumPayees + 1)
    }
}
