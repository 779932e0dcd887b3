/// Deterministic sample payment payloads for the demo, the benchmark and tests.
///
/// Security contract: none; the files are valid by construction (IBAN check digits computed,
/// amounts canonical, `NbOfTxs`/`CtrlSum` right) and the same `count` always gives the same bytes.
/// They are examples, not records of real accounts.
public enum PaymentSample {
    /// The debtor of every sample pain.001 file.
    public static let debtorName = "WalletCustody Demo GmbH"
    /// The debtor account of every sample pain.001 file.
    public static let debtorIBAN = "DE89370400440532013000"

    /// The `index`-th sample payment's fields: end-to-end ID, payee name, IBAN, amount (cents).
    static func fields(_ index: Int, payees: Int) -> (id: String, name: String, iban: String, cents: Int) {
        let payee = index % max(payees, 1)
        let account = String(1_000_000_000 + payee * 7919 % 9_000_000_000)
        let bban = "37040044" + account
        let check = 98 - PaymentAccount.mod97("DE00".utf8, continuing: PaymentAccount.mod97(bban.utf8))
        let iban = "DE" + (check < 10 ? "0" : "") + String(check) + bban
        return ("E2E-\(index + 1)", "Payee \(payee + 1) GmbH", iban, 1 + (index * 7919 + 12345) % 500_000)
    }

    /// `cents` as a canonical amount with two fraction digits.
    static func amount(_ cents: Int) -> String {
        String(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") + String(cents % 100)
    }

    /// A `pain.001.001.09` file of `count` EUR credit transfers to `payees` distinct IBANs, one
    /// payment information block, indented with two spaces, valid against the ISO 20022 schema.
    public static func pain001(count: Int, payees: Int = 1000) -> [UInt8] {
        var cents = 0
        var body = ""
        body.reserveCapacity(count * 520)
        for index in 0..<count {
            let (id, name, iban, value) = fields(index, payees: payees)
            cents += value
            body += """
                      <CdtTrfTxInf>
                        <PmtId>
                          <EndToEndId>\(id)</EndToEndId>
                        </PmtId>
                        <Amt>
                          <InstdAmt Ccy="EUR">\(amount(value))</InstdAmt>
                        </Amt>
                        <Cdtr>
                          <Nm>\(name)</Nm>
                        </Cdtr>
                        <CdtrAcct>
                          <Id>
                            <IBAN>\(iban)</IBAN>
                          </Id>
                        </CdtrAcct>
                        <RmtInf>
                          <Ustrd>Invoice \(index + 1)</Ustrd>
                        </RmtInf>
                      </CdtTrfTxInf>

                """
        }
        let head = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">
              <CstmrCdtTrfInitn>
                <GrpHdr>
                  <MsgId>WALLETCUSTODY-SAMPLE-\(count)</MsgId>
                  <CreDtTm>2026-12-03T09:30:00</CreDtTm>
                  <NbOfTxs>\(count)</NbOfTxs>
                  <CtrlSum>\(amount(cents))</CtrlSum>
                  <InitgPty>
                    <Nm>\(debtorName)</Nm>
                  </InitgPty>
                </GrpHdr>
                <PmtInf>
                  <PmtInfId>SAMPLE-1</PmtInfId>
                  <PmtMtd>TRF</PmtMtd>
                  <NbOfTxs>\(count)</NbOfTxs>
                  <CtrlSum>\(amount(cents))</CtrlSum>
                  <ReqdExctnDt>
                    <Dt>2026-12-04</Dt>
                  </ReqdExctnDt>
                  <Dbtr>
                    <Nm>\(debtorName)</Nm>
                  </Dbtr>
                  <DbtrAcct>
                    <Id>
                      <IBAN>\(debtorIBAN)</IBAN>
                    </Id>
                  </DbtrAcct>
                  <DbtrAgt>
                    <FinInstnId>
                      <BICFI>COBADEFFXXX</BICFI>
                    </FinInstnId>
                  </DbtrAgt>

            """
        let tail = """
                </PmtInf>
              </CstmrCdtTrfInitn>
            </Document>

            """
        return Array((head + body + tail).utf8)
    }

    /// A `payment-batch-v1` file of `count` EUR payments to `payees` distinct IBANs.
    public static func paymentBatch(count: Int, payees: Int = 1000) -> [UInt8] {
        var text = PaymentBatchDecoder.header + "\n"
        for index in 0..<count {
            let (id, name, iban, value) = fields(index, payees: payees)
            text += "\(id),\(name),iban:\(iban),\(amount(value)),EUR,Invoice \(index + 1)\n"
        }
        return Array(text.utf8)
    }
}
