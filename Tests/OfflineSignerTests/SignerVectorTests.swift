import Foundation
import OfflineSigner
import TestSupport
import Testing
import WalletCrypto

/// `vectors/request-v1.json` and `vectors/response-v1.json`, each case its own test.
@Suite("Signer vectors")
struct SignerVectorTests {
    static let runners = [
        VectorRunner(VectorFile("request-v1.json", inProject: true), check: request),
        VectorRunner(VectorFile("response-v1.json", inProject: true), check: response),
    ]

    @Test("vector case", arguments: runners.flatMap { $0.file.cases })
    func vectorCase(_ testCase: VectorCase) throws {
        let runner = try #require(Self.runners.first { $0.file.path == testCase.file })
        if case .failed(let reason) = runner.run(testCase) {
            Issue.record("\(testCase.file) tcId \(testCase.tcId): \(reason)")
        }
    }

    @Test("vector file summary", arguments: runners.map(\.file.path))
    func fileSummary(_ path: String) throws {
        let report = try #require(Self.runners.first { $0.file.path == path }).report()
        print(report)
        #expect(report.failures.isEmpty && report.missingReason == nil, "\(report)")
    }

    @Test func readsEveryVectorFileItOwns() {
        let read = Set(Self.runners.map(\.file.path))
        for file in ProjectVectorOwners.files(of: "OfflineSignerTests") {
            #expect(read.contains(file), "\(file) is not read by any test")
        }
    }

    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    static func request(_ c: VectorCase) throws {
        let text = try c.string("request")
        let request = try SigningRequest(parsing: Array(text.utf8))
        guard request.idHex == (try c.string("id")), request.kind == (try c.string("kind")),
            request.payloads.count == (try c.int("payloadCount")),
            Hex.encode(request.sha256) == (try c.string("requestSha256"))
        else { throw Mismatch(description: "parsed fields differ") }
    }

    static func response(_ c: VectorCase) throws {
        try withTemporaryFolder("wc-signer-vector") { folder in
            try Data(try c.hex("payloadHex")).write(to: folder.appendingPathComponent(try c.string("payloadName")))
            let request = try SigningRequest(parsing: Array(try c.string("request").utf8))
            let response = try SigningResponse(parsing: Array(try c.string("response").utf8))
            let keys = try c.string("trustedKeys").components(separatedBy: "-----END PUBLIC KEY-----\n").dropLast()
                .map { try SignerPublicKey(pemRepresentation: $0 + "-----END PUBLIC KEY-----\n") }
            let verifyAt = ISO8601DateFormatter().date(from: try c.string("verifyAt"))!
            _ = try OfflineSigning.verify(
                response, request: request, payloadFolder: folder.path, trusted: keys,
                threshold: try c.int("threshold"),
                now: verifyAt)
        }
    }
}
