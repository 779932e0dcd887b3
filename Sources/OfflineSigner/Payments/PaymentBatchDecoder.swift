/// Reads `payment-batch-v1` (`docs/spec/payment-batch-v1.md`): strict canonical CSV, one payment
/// per line, decoded in place from the hashed bytes.
enum PaymentBatchDecoder {
    /// The only header line version 1 accepts.
    static let header = "end_to_end_id,payee_name,payee_account,amount,currency,remittance"

    static func decode(_ bytes: UnsafeRawBufferPointer, keep: Int, keepAll: Bool) throws(SignerError)
        -> DecodedBatch
    {
        let name = PayloadFormat.paymentBatchV1.rawValue
        guard !bytes.starts(with: [0xEF, 0xBB, 0xBF]) else {
            throw SignerError(.invalidFile, "the \(name) payload starts with a byte order mark")
        }
        guard bytes.last == 0x0A else {
            throw SignerError(.invalidFile, "the \(name) payload does not end with a line end (LF)")
        }
        var collector = PaymentCollector(keep: keep, keepAll: keepAll)
        collector.reserve(bytes.count / 64)  // a typical line is 60-120 bytes
        var start = 0
        var line = 0
        while start < bytes.count {
            line += 1
            // The final byte is LF, so every line has one.
            let end = bytes[start...].firstIndex(of: 0x0A)!
            let text = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            let number = line
            try PaymentCollector.at("the \(name) payload, line \(number)") { () throws(SignerError) in
                if text.last == 0x0D { throw SignerError(.invalidFile, "the line ends with CR LF; only LF is allowed") }
                if number == 1 {
                    guard text.elementsEqual(header.utf8) else {
                        throw SignerError(.invalidFile, "the header must be exactly '\(header)'")
                    }
                } else {
                    try collector.add(payment(text))
                }
            }
            start = end + 1
        }
        return try collector.batch(.paymentBatchV1)
    }

    /// One payment line.
    private static func payment(_ line: UnsafeRawBufferPointer) throws(SignerError) -> Payment {
        guard !line.isEmpty else { throw SignerError(.invalidFile, "the line is empty") }
        var fields: [String] = []
        fields.reserveCapacity(6)
        var index = 0
        while true {
            guard fields.count < 6 else { throw SignerError(.invalidFile, "the line has more than six fields") }
            let (field, next) = try Self.field(line, from: index, number: fields.count + 1)
            fields.append(field)
            if next == line.count { break }
            index = next + 1  // skip the comma
        }
        guard fields.count == 6 else { throw SignerError(.invalidFile, "the line has fewer than six fields") }
        let account = try PaymentCollector.at("field 3 (payee_account)") { () throws(SignerError) in
            try PaymentAccount(canonical: fields[2])
        }
        let amount = try PaymentCollector.at("field 4 (amount)") { () throws(SignerError) in
            try DecimalAmount(canonical: fields[3])
        }
        let currency = try PaymentCollector.at("field 5 (currency)") { () throws(SignerError) in
            try CurrencyCode(fields[4])
        }
        return try Payment(
            endToEndID: fields[0], payeeName: fields[1], payeeAccount: account, amount: amount, currency: currency,
            remittance: fields[5])
    }

    /// The field starting at `start` and the index of the comma or line end after it. Canonical
    /// quoting: quoted exactly when the value holds `,` or `"`, inner quotes doubled.
    private static func field(_ line: UnsafeRawBufferPointer, from start: Int, number: Int) throws(SignerError)
        -> (String, Int)
    {
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        var value: [UInt8] = []
        var index = start
        var needsQuotes = false
        if index < line.count && line[index] == quote {
            index += 1
            while true {
                guard index < line.count else {
                    throw SignerError(.invalidFile, "field \(number) has a quote that is not closed")
                }
                let byte = line[index]
                index += 1
                if byte == quote {
                    guard index < line.count, line[index] == quote else { break }
                    index += 1
                    needsQuotes = true
                } else if byte == comma {
                    needsQuotes = true
                }
                value.append(byte)
            }
            guard needsQuotes else {
                throw SignerError(.invalidFile, "field \(number) is quoted but holds no comma or quote")
            }
            guard index == line.count || line[index] == comma else {
                throw SignerError(.invalidFile, "field \(number) has text after its closing quote")
            }
        } else {
            while index < line.count && line[index] != comma {
                guard line[index] != quote else {
                    throw SignerError(.invalidFile, "field \(number) holds a quote but is not quoted")
                }
                index += 1
            }
            // Unquoted: the value is the bytes themselves, read in place.
            guard let text = TextLines.string(validating: UnsafeRawBufferPointer(rebasing: line[start..<index]))
            else { throw SignerError(.invalidFile, "field \(number) is not UTF-8") }
            return (text, index)
        }
        guard let text = value.withUnsafeBytes(TextLines.string(validating:)) else {
            throw SignerError(.invalidFile, "field \(number) is not UTF-8")
        }
        return (text, index)
    }
}
