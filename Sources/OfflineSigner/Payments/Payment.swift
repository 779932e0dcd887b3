/// One decoded payment: who is paid, how much, in which currency and with what reference.
///
/// Text rules (checked by `init`, so every decoder applies the same ones):
/// - `endToEndID`: 1-35 printable ASCII characters (0x21-0x7E), compared as bytes. ISO 20022
///   allows any `Max35Text`; ASCII only means a look-alike letter cannot make two IDs that look
///   equal but are not (or the reverse).
/// - `payeeName`: 1-140 Unicode scalars (ISO 20022 `Max140Text`), at most 560 bytes.
/// - `remittance`: 0-140 Unicode scalars (empty when the payload has none), at most 560 bytes.
/// - Names and remittance hold no control characters (Unicode category Cc: C0, DEL, C1) and no
///   space at either end.
///
/// Security contract: the values are what the payload says, checked only for syntax. Names and
/// remittance may still hold format, separator or look-alike characters; a screen must escape
/// them (the review does). Equality compares every text as bytes.
public struct Payment: Sendable, Equatable {
    /// The end-to-end ID the payer gave this payment.
    public let endToEndID: String
    /// The payee (creditor) name.
    public let payeeName: String
    /// The payee (creditor) account.
    public let payeeAccount: PaymentAccount
    /// The amount, in `currency`.
    public let amount: DecimalAmount
    /// The currency of `amount`.
    public let currency: CurrencyCode
    /// Unstructured remittance text; empty when there is none.
    public let remittance: String

    /// Longest `endToEndID` in bytes.
    public static let maximumEndToEndIDBytes = 35
    /// Longest name or remittance in Unicode scalars.
    public static let maximumTextScalars = 140

    /// A payment after checking the text rules above; throws `.invalidFile` naming the field.
    package init(
        endToEndID: String, payeeName: String, payeeAccount: PaymentAccount, amount: DecimalAmount,
        currency: CurrencyCode, remittance: String
    ) throws(SignerError) {
        guard (1...Self.maximumEndToEndIDBytes).contains(endToEndID.utf8.count),
            endToEndID.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E })
        else {
            throw SignerError(.invalidFile, "an end-to-end ID must be 1 to 35 printable ASCII characters")
        }
        try Self.checkText(payeeName, "payee name", allowEmpty: false)
        try Self.checkText(remittance, "remittance text", allowEmpty: true)
        self.endToEndID = endToEndID
        self.payeeName = payeeName
        self.payeeAccount = payeeAccount
        self.amount = amount
        self.currency = currency
        self.remittance = remittance
    }

    /// Checks a name or remittance text against the rules above.
    static func checkText(_ text: String, _ field: String, allowEmpty: Bool) throws(SignerError) {
        // ASCII text (most names) is checked on its bytes; other text scalar by scalar below.
        var copy = text
        let ascii: Bool? = copy.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return bytes.count <= maximumTextScalars && (allowEmpty || !bytes.isEmpty)
                && bytes.allSatisfy { $0 >= 0x20 && $0 != 0x7F } && bytes.first != 0x20 && bytes.last != 0x20
        }
        if ascii == true { return }
        let scalars = text.unicodeScalars
        var count = 0
        var valid = ascii == nil && (allowEmpty || !text.isEmpty)
        for scalar in scalars {
            count += 1
            // Category Cc is exactly U+0000-U+001F and U+007F-U+009F.
            if count > maximumTextScalars || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                valid = false
            }
        }
        if scalars.first == " " || scalars.last == " " { valid = false }
        guard valid else {
            throw SignerError(
                .invalidFile,
                "a \(field) must be \(allowEmpty ? 0 : 1) to 140 characters without control characters or outer spaces")
        }
    }

    /// Byte equality of every field.
    public static func == (left: Payment, right: Payment) -> Bool {
        left.endToEndID.utf8.elementsEqual(right.endToEndID.utf8)
            && left.payeeName.utf8.elementsEqual(right.payeeName.utf8)
            && left.payeeAccount == right.payeeAccount && left.amount.text.utf8.elementsEqual(right.amount.text.utf8)
            && left.currency == right.currency && left.remittance.utf8.elementsEqual(right.remittance.utf8)
    }
}
