import Foundation
import OfflineSigner
import TestSupport
import Testing

/// Every byte-level mutation of a valid payload either decodes or is refused with `invalidFile`:
/// no crash, no hang, no other error. A fixed-seed generator keeps the cases reproducible.
@Suite("Payment payload mutations")
struct PaymentMutationTests {
    /// Bytes that matter to the two grammars, so that mutations hit structure as well as text.
    static let interesting: [UInt8] = Array("<>/&;!?\"',.\n\r 0123456789-:#x=".utf8) + [0x00, 0xC3, 0xFF, 0xE2]

    static func mutate(_ bytes: [UInt8], _ generator: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...3, using: &generator) where !bytes.isEmpty {
            let index = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: bytes[index] = interesting.randomElement(using: &generator)!
            case 1: bytes.remove(at: index)
            case 2: bytes.insert(interesting.randomElement(using: &generator)!, at: index)
            default:
                let end = min(bytes.count, index + Int.random(in: 1...40, using: &generator))
                let copy = Array(bytes[index..<end])
                bytes.insert(contentsOf: copy, at: Int.random(in: 0...bytes.count, using: &generator))
            }
        }
        return bytes
    }

    @Test(arguments: [PayloadFormat.paymentBatchV1, .pain001])
    func mutatedPayloadsDecodeOrAreRefused(_ format: PayloadFormat) {
        let valid =
            format == .pain001
            ? Array(Pain001Tests.valid.utf8) : PaymentSample.paymentBatch(count: 4, payees: 2)
        var generator = SplitMix64(state: format == .pain001 ? 1 : 2)
        var refused = 0
        // WC_FUZZ_ITERATIONS runs a longer campaign by hand; CI runs the default.
        let iterations = ProcessInfo.processInfo.environment["WC_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 1500
        for _ in 0..<iterations {
            let bytes = Self.mutate(valid, &generator)
            do {
                _ = try bytes.withUnsafeBytes { try PaymentDecoder.decode($0, as: format, keep: 2, keepAll: true) }
            } catch {
                #expect((error as? SignerError)?.code == .invalidFile, "\(error)")
                refused += 1
            }
        }
        #expect(refused > iterations * 2 / 3, "most mutations break a strict format")
    }

    @Test func invalidUTF8InXMLIsRefused() {
        var bytes = Array(Pain001Tests.valid.utf8)
        let index = bytes.firstIndex(of: UInt8(ascii: "A"))!  // inside "ACME Ltd"
        bytes[index] = 0xFF
        let error = expectError(.invalidFile) {
            _ = try bytes.withUnsafeBytes { try PaymentDecoder.decode($0, as: .pain001, keep: 2, keepAll: false) }
        }
        #expect(error?.reason.contains("well-formed") == true, "\(error?.reason ?? "")")
    }
}
