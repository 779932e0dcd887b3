/// The payload kinds the signer knows how to read.
///
/// Security contract: `paymentBatchV1` and `pain001` payloads are decoded, and the review and the
/// policy use the decoded figures. `opaque` payloads (`file`: releases and other documents) are
/// only hashed; the review says that the signer did not check their content, and amount rules
/// refuse them.
public enum PayloadFormat: String, Sendable, CaseIterable {
    /// `docs/spec/payment-batch-v1.md`: strict canonical CSV.
    case paymentBatchV1 = "payment-batch-v1"
    /// `docs/spec/pain001.md`: ISO 20022 CustomerCreditTransferInitiation, version 09.
    case pain001 = "pain.001.001.09"
    /// Any file; not decoded.
    case opaque = "file"
}
