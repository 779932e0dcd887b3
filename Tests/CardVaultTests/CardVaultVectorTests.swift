import Foundation
import TestSupport
import Testing
import WalletCrypto

@testable import CardVault

/// `vectors/card-token-v1.json`: PAN validation, token format properties and the FF1 token rule;
/// `vectors/card-record-shangmi.json` with `CardRecordShangMiVectorTests.check`.
@Suite("Card token vectors")
struct CardVaultVectorTests {
    static let suite = VectorSuite([
        VectorRunner(VectorFile("card-token-v1.json", inProject: true), check: check),
        VectorRunner(
            VectorFile("card-record-shangmi.json", inProject: true), check: CardRecordShangMiVectorTests.check),
    ])

    @Test("vector case", arguments: suite.cases)
    func vectorCase(_ testCase: VectorCase) throws { try Self.suite.run(testCase) }

    @Test("vector file summary", arguments: suite.paths)
    func fileSummary(_ path: String) throws { try Self.suite.summarize(path) }

    @Test func readsEveryVectorFileItOwns() { Self.suite.expectReadsFiles(of: "CardVaultTests") }

    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    static func check(_ c: VectorCase) throws {
        switch c.group["type"] {
        case "PanValidationTest":
            let pan = try PrimaryAccountNumber(try c.string("pan"))
            guard pan.brand.rawValue == (try c.string("brand")), pan.lastFour == (try c.string("lastFour")) else {
                throw Mismatch(description: "brand or last four differ")
            }
        case "TokenFormatTest":
            let pan = try PrimaryAccountNumber(try c.string("pan"))
            guard
                TokenFormat.conforms(try c.string("token"), to: pan, keepFirstSix: try c.string("keepFirstSix") == "1")
            else { throw Mismatch(description: "the token does not have a token's properties") }
        case "FF1TokenTest":
            let pan = try PrimaryAccountNumber(try c.string("pan"))
            guard
                let token = try TokenFormat.ff1(
                    pan, key: SymmetricKey(data: try c.hex("keyHex")), tweak: Array(try c.string("tenant").utf8),
                    keepFirstSix: try c.string("keepFirstSix") == "1")
            else { throw Mismatch(description: "the domain is below 10^6, so FF1 is refused") }
            guard token == (try c.string("token")) else { throw Mismatch(description: "FF1 token differs") }
        default:
            throw VectorFormatError("unknown group type")
        }
    }
}
