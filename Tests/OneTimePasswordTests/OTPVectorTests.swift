import Foundation
import OneTimePassword
import TestSupport
import Testing
import WalletCrypto

/// RFC 4226 and RFC 6238 vectors: the upstream transcriptions and this repository's own files.
@Suite("OTP vectors")
struct OTPVectorTests {
    static let runners = [
        VectorRunner(VectorFile("rfc/rfc4226-hotp.json"), check: upstreamHOTP),
        VectorRunner(VectorFile("rfc/rfc6238-totp.json"), check: upstreamTOTP),
        VectorRunner(VectorFile("rfc4226-hotp.json", inProject: true), check: projectHOTP),
        VectorRunner(VectorFile("rfc6238-totp.json", inProject: true), check: projectTOTP),
    ]
    static let cases = runners.flatMap { $0.file.cases }

    @Test("vector case", arguments: cases)
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
        #expect(report.failures.isEmpty, "\(report)")
        if report.missingReason == nil { #expect(report.passed > 0) }
    }

    @Test func readsEveryVectorFileItOwns() {
        let read = Set(Self.runners.map(\.file.path))
        for file in ProjectVectorOwners.files(of: "OneTimePasswordTests") {
            #expect(read.contains(file), "\(file) is not read by any test")
        }
        #expect(Self.runners.allSatisfy { !$0.file.path.hasPrefix("vectors/") || $0.file.missingReason == nil })
    }

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
        let step = try #require(UInt64(try c.string("counterHex"), radix: 16))
        #expect(try totp.timeStep(at: date) == step)
        let matched = try totp.match(try c.string("code"), at: date, window: OTPWindow(behind: 0, ahead: 0))
        guard matched == step else { throw Rejected(description: "code not accepted") }
    }
}
