import Foundation
import OneTimePassword
import TestSupport
import Testing
import WalletCrypto

/// RFC 4226 and RFC 6238 vectors: the upstream transcriptions and this repository's own files;
/// `vectors/otp-secret-shangmi.json` with `OTPSecretShangMiVectorTests.check`.
@Suite("OTP vectors")
struct OTPVectorTests {
    static let suite = VectorSuite([
        VectorRunner(VectorFile("rfc/rfc4226-hotp.json"), check: upstreamHOTP),
        VectorRunner(VectorFile("rfc/rfc6238-totp.json"), check: upstreamTOTP),
        VectorRunner(VectorFile("rfc4226-hotp.json", inProject: true), check: projectHOTP),
        VectorRunner(VectorFile("rfc6238-totp.json", inProject: true), check: projectTOTP),
        VectorRunner(
            VectorFile("otp-secret-shangmi.json", inProject: true), check: OTPSecretShangMiVectorTests.check),
    ])

    @Test("vector case", arguments: suite.cases)
    func vectorCase(_ testCase: VectorCase) throws { try Self.suite.run(testCase) }

    @Test("vector file summary", arguments: suite.paths)
    func fileSummary(_ path: String) throws { try Self.suite.summarize(path) }

    @Test func readsEveryVectorFileItOwns() { Self.suite.expectReadsFiles(of: "OneTimePasswordTests") }

    struct Rejected: Error, CustomStringConvertible {
        let description: String
    }

    static func upstreamHOTP(_ c: VectorCase) throws {
        let hotp = try HOTP(secret: SecureBytes(Array("12345678901234567890".utf8)))
        guard hotp.code(counter: UInt64(try c.int("counter"))) == (try c.string("hotp")) else {
            throw Rejected(description: "code differs")
        }
    }

    /// The RFC's seed for each hash: as long as the hash, per its reference code (erratum 2866).
    static func upstreamTOTP(_ c: VectorCase) throws {
        let algorithm = try #require(OTPAlgorithm(rawValue: try c.string("algorithm")))
        let length = ["SHA1": 20, "SHA256": 32, "SHA512": 64][algorithm.rawValue]!
        let seed = Array(String(repeating: "1234567890", count: 7).utf8.prefix(length))
        let totp = try TOTP(secret: SecureBytes(seed), algorithm: algorithm, digits: 8)
        let date = Date(timeIntervalSince1970: TimeInterval(try c.int("time")))
        guard try totp.code(at: date) == (try c.string("totp")) else { throw Rejected(description: "code differs") }
    }

    static func projectHOTP(_ c: VectorCase) throws {
        let hotp = try HOTP(
            secret: SecureBytes(try c.hex("secretHex")), algorithm: #require(OTPAlgorithm(rawValue: c.string("hash"))),
            digits: try c.int("digits"))
        let counter = UInt64(try c.int("counter"))
        guard try hotp.isValid(try c.string("code"), counter: counter) else {
            throw Rejected(description: "code not accepted")
        }
        if c.fields["hmacHex"] != nil {
            let mac = HMAC<Insecure.SHA1>.authenticationCode(
                for: withUnsafeBytes(of: counter.bigEndian, Array.init),
                using: SymmetricKey(data: try c.hex("secretHex")))
            try #require(mac.bytes == (try c.hex("hmacHex")))
        }
    }

    static func projectTOTP(_ c: VectorCase) throws {
        let totp = try TOTP(
            secret: SecureBytes(try c.hex("secretHex")), algorithm: #require(OTPAlgorithm(rawValue: c.string("hash"))),
            digits: try c.int("digits"), period: try c.int("period"), t0: Int64(try c.int("t0")))
        let date = Date(timeIntervalSince1970: TimeInterval(try c.int("time")))
        let counterHex = try c.string("counterHex")
        // vectors/README.md promises lower-case hex; the file's JSON Schema says so too.
        guard counterHex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw VectorFormatError("tcId \(c.tcId): counterHex is not lower-case hex")
        }
        let step = try #require(UInt64(counterHex, radix: 16))
        #expect(try totp.timeStep(at: date) == step)
        let matched = try totp.match(try c.string("code"), at: date, window: OTPWindow(behind: 0, ahead: 0))
        guard matched == step else { throw Rejected(description: "code not accepted") }
    }
}
