import Foundation
import Glibc
import WalletCrypto

/// The payloads of a request as the signer read them: each file's size and SHA-256 checked, and
/// each payment payload decoded from the very bytes that were hashed.
///
/// Security contract: a payment payload is read once into memory (at most
/// `PaymentDecoder.maximumSize`), hashed and decoded from that one copy, so a file changed on disk
/// between hashing and decoding cannot show one content and sign another. Opaque payloads are
/// hashed in constant memory and their content is not checked, which the review says. `summary` is
/// computed here, never taken from the request; `check` refuses a request whose stated content
/// differs from it.
public struct PayloadContent: Sendable {
    /// One payload and, for payment formats, what it pays.
    public struct Item: Sendable {
        /// The request's payload entry.
        public let payload: SigningRequest.Payload
        /// The decoded payments; nil for an opaque file.
        public let batch: DecodedBatch?
    }

    /// The payloads in request order.
    public let items: [Item]
    /// The content computed from the decoded payloads; nil when every payload is opaque.
    public let summary: ContentSummary?

    /// Checks and decodes every payload of `request` in `folder`, keeping the first and last `keep`
    /// payments of each (every payment when `keepAll`).
    /// Throws `SignerError`.
    public static func read(
        _ request: SigningRequest, folder: String, keep: Int = 5, keepAll: Bool = false,
        progress: (String, UInt64, UInt64) -> Void = { _, _, _ in }
    ) throws -> PayloadContent {
        var items: [Item] = []
        for payload in request.payloads {
            let item = try inspect(
                folder + "/" + payload.name, format: payload.format, keep: keep, keepAll: keepAll
            ) { progress(payload.name, $0, $1) }
            guard item.payload.byteCount == payload.byteCount, item.payload.sha256 == payload.sha256 else {
                throw SignerError(
                    .verificationFailed, "the payload \(payload.name) does not match the request's hash and size")
            }
            items.append(Item(payload: payload, batch: item.batch))
        }
        return try PayloadContent(items: items)
    }

    /// The content of payload files being put into a new request, read exactly as `read` will.
    /// Throws `SignerError`.
    public static func inspect(
        _ paths: [String], format: PayloadFormat, progress: (String, UInt64, UInt64) -> Void = { _, _, _ in }
    ) throws -> PayloadContent {
        var items: [Item] = []
        for path in paths {
            items.append(try inspect(path, format: format, keep: 0, keepAll: false) { progress(path, $0, $1) })
        }
        return try PayloadContent(items: items)
    }

    private init(items: [Item]) throws(SignerError) {
        self.items = items
        let batches = items.compactMap(\.batch)
        summary =
            batches.isEmpty
            ? nil : try SignerError.narrowing(.invalidFile) { try ContentSummary(merging: batches.map(\.totals)) }
    }

    /// Reads one file once: hashes it and, for payment formats, decodes the same bytes.
    private static func inspect(
        _ path: String, format: PayloadFormat, keep: Int, keepAll: Bool, progress: (UInt64, UInt64) -> Void
    ) throws(SignerError) -> Item {
        let name = URL(fileURLWithPath: path).lastPathComponent
        if format == .opaque {
            let (sha256, byteCount) = try PayloadHasher.hash(path, progress: progress)
            return Item(
                payload: try SigningRequest.Payload(checking: name, byteCount: byteCount, sha256: sha256), batch: nil)
        }
        let (bytes, sha256) = try readPaymentFile(path, name: name, progress: progress)
        let payload = try SigningRequest.Payload(
            checking: name, byteCount: UInt64(bytes.count), sha256: sha256, format: format)
        do {
            let batch = try bytes.withUnsafeBytes { raw in
                try PaymentDecoder.decode(raw, as: format, keep: keep, keepAll: keepAll)
            }
            return Item(payload: payload, batch: batch)
        } catch let error as SignerError {
            throw SignerError(error.code, "the payload \(name): \(error.reason)")
        } catch {
            throw SignerError(.invalidFile, "the payload \(name) cannot be decoded")
        }
    }

    /// Throws `SignerError` `.verificationFailed` when the request's stated content is not what the payloads pay.
    public func check(against request: SigningRequest) throws {
        guard request.version == 2 else {
            throw SignerError(
                .invalidFile,
                "request-v1 carries a summary typed by the requester that the signer cannot check; make a request-v2 with offline-signer request"
            )
        }
        // Compared as the bytes of the content lines, not by value: "880.0" and "880" are the same
        // amount but only one is what the signer computes and shows.
        guard (request.content?.lines ?? "").utf8.elementsEqual((summary?.lines ?? "").utf8) else {
            throw SignerError(
                .verificationFailed,
                "the request's stated payments, totals or payees differ from what its payloads contain; nothing was signed"
            )
        }
    }

    /// The file's bytes and their SHA-256, hashed piece by piece as they are read (one pass).
    private static func readPaymentFile(_ path: String, name: String, progress: (UInt64, UInt64) -> Void)
        throws(SignerError) -> (bytes: [UInt8], sha256: [UInt8])
    {
        let (descriptor, size) = try FileAccess.openRegular(path, what: "payload")
        defer { close(descriptor) }
        guard size <= UInt64(PaymentDecoder.maximumSize) else {
            throw SignerError(
                .invalidFile,
                "the payment file \(name) is larger than \(PaymentDecoder.maximumSize >> 20) MiB, the most the signer decodes"
            )
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(Int(size))
        var hasher = SHA256()
        try FileAccess.readChunks(descriptor, path: path, what: "payload") { (chunk) throws(SignerError) in
            guard bytes.count + chunk.count <= PaymentDecoder.maximumSize else {
                throw SignerError(.invalidFile, "the payment file \(name) grew past the size the signer decodes")
            }
            hasher.update(bufferPointer: chunk)
            bytes.append(contentsOf: chunk)
            progress(UInt64(bytes.count), max(size, UInt64(bytes.count)))
        }
        return (bytes, hasher.finalize().bytes)
    }
}
