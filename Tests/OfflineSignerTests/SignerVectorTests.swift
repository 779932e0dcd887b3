import Foundation
import OfflineSigner
import TestSupport
import Testing
import WalletCrypto

/// `vectors/request-v1.json` and `vectors/response-v1.json`, each case its own test.
@Suite("Signer vectors")
struct SignerVectorTests {
    static let suite = VectorSuite([
        VectorRunner(VectorFile("request-v1.json", inProject: true), check: request),
        VectorRunner(VectorFile("response-v1.json", inProject: true), check: response),
        VectorRunner(VectorFile("policy-v1.json", inProject: true), check: policy),
        VectorRunner(VectorFile("request-v2.json", inProject: true), check: requestV2),
    ])

    @Test("vector case", arguments: suite.cases)
    func vectorCase(_ testCase: VectorCase) throws { try Self.suite.run(testCase) }

    @Test("vector file summary", arguments: suite.paths)
    func fileSummary(_ path: String) throws { try Self.suite.summarize(path) }

    @Test func readsEveryVectorFileItOwns() {
        VectorSuite(Self.suite.runners + PaymentVectorTests.suite.runners).expectReadsFiles(of: "OfflineSignerTests")
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

    /// Parses the request; where a payload is given, the signer's recomputed content must match
    /// the stated one exactly when `contentMatches`.
    static func requestV2(_ c: VectorCase) throws {
        try request(c)
        guard let name = c.fields["payloadName"] else { return }
        try withTemporaryFolder("wc-request-v2") { folder in
            try Data(try c.string("payload").utf8).write(to: folder.appendingPathComponent(name))
            let request = try SigningRequest(parsing: Array(try c.string("request").utf8))
            let content = try PayloadContent.read(request, folder: folder.path)
            let matches = (try? content.check(against: request)) != nil
            guard matches == (c.fields["contentMatches"] == "yes") else {
                throw Mismatch(description: "content check gave \(matches)")
            }
        }
    }

    static func policy(_ c: VectorCase) throws {
        let policy = try SigningPolicy(parsing: Array(try c.string("policy").utf8))
        guard policy.allowedKinds.count == (try c.int("kinds")), policy.allowedPayees.count == (try c.int("payees"))
        else { throw Mismatch(description: "parsed rules differ") }
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
