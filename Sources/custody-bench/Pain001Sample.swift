import Foundation
import OfflineSigner
import WalletCrypto

/// The pain.001 payload for the signer's payment rows: a deterministic file of N payments
/// (`PaymentSample.pain001`), and a child-process probe that reads it once, hashes and decodes
/// the same bytes, and prints the time taken and its own peak memory.
enum Pain001Sample {
    /// `custody-bench --pain001-probe FILE`: the probe's command-line flag.
    static let probeFlag = "--pain001-probe"

    /// Writes a pain.001.001.09 file (a payment-batch-v1 file when `path` ends in `.csv`) of
    /// `count` payments at `path`, unless one of that size exists.
    static func write(count: Int, to path: String) throws {
        let bytes =
            path.hasSuffix(".csv") ? PaymentSample.paymentBatch(count: count) : PaymentSample.pain001(count: count)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if size == bytes.count { return }
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads `path`, hashes it, decodes it as pain.001 (payment-batch-v1 for `.csv`) keeping 10
    /// first and last payments, and prints `seconds payments VmHWM-KiB`.
    static func runProbe(_ path: String) throws {
        let start = ContinuousClock.now
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let (digest, batch) = try bytes.withUnsafeBytes {
            (
                SHA256.hash(bufferPointer: $0),
                try PaymentDecoder.decode(
                    $0, as: path.hasSuffix(".csv") ? .paymentBatchV1 : .pain001, keep: 10, keepAll: false)
            )
        }
        let elapsed = (ContinuousClock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        let peak = line?.split(separator: " ").dropFirst().first ?? "0"
        print(seconds, batch.totals.count, peak, digest.bytes.count)
    }
}
