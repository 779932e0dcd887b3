/// Decodes payment payloads so the signer shows and enforces what they pay.
///
/// Security contract: the decoder reads the same bytes that were hashed, and accepts only the
/// strict forms of `docs/spec/payment-batch-v1.md` and `docs/spec/pain001.md`; anything else is
/// refused with `.invalidFile` and a reason naming the line or element. XML is read without any
/// DTD, entity or external reference. Memory stays bounded by the payload plus `keep` payments
/// (and the payee list), unless `keepAll` is set.
public enum PaymentDecoder {
    /// Payloads larger than this (256 MiB) are refused before decoding.
    public static let maximumSize = 256 << 20
    /// The most payments one payload may hold.
    public static let maximumCount = 1_000_000

    /// Decodes `bytes` (the exact bytes that were hashed) as `format`, which must not be `.opaque`.
    /// Keeps the first and last `keep` payments, and every payment when `keepAll` is set.
    package static func decode(_ bytes: UnsafeRawBufferPointer, as format: PayloadFormat, keep: Int, keepAll: Bool)
        throws(SignerError) -> DecodedBatch
    {
        guard bytes.count <= maximumSize else {
            throw SignerError(.invalidFile, "the \(format.rawValue) payload is larger than \(maximumSize) bytes")
        }
        guard keep >= 0 else { throw SignerError(.usage, "the number of payments to keep must not be negative") }
        switch format {
        case .opaque:
            throw SignerError(.usage, "an opaque file payload has no payments to decode")
        case .paymentBatchV1:
            return try PaymentBatchDecoder.decode(bytes, keep: keep, keepAll: keepAll)
        case .pain001:
            return try Pain001Decoder.decode(bytes, keep: keep, keepAll: keepAll)
        }
    }
}
