import Foundation
import OneTimePassword
import TestSupport
import Testing
import WalletCrypto

@Suite("HOTP and TOTP codes")
struct OTPCodeTests {
    /// Our codes equal the real oathtool's for random secrets, hashes, digit counts, periods and times.
    @Test func matchOathtool() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<40 {
            let algorithm = OTPAlgorithm.allCases[round % 3]
            let secret = SecureRandom.bytes(count: Int.random(in: 16...64, using: &generator))
            let digits = Int.random(in: 6...8, using: &generator)
            let hex = Hex.encode(secret)
            if round % 2 == 0 {
                let period = [30, 60, 15, 1, 3600].randomElement(using: &generator)!
                let time = Int64.random(in: 0...4_102_444_800, using: &generator)
                let totp = try TOTP(secret: SecureBytes(secret), algorithm: algorithm, digits: digits, period: period)
                let theirs = try runPeer([
                    "oathtool", "--totp=\(algorithm.rawValue)", "-d", "\(digits)", "-s", "\(period)", "-N", "@\(time)",
                    hex,
                ]).trimmingCharacters(in: .newlines)
                #expect(try totp.code(at: Date(timeIntervalSince1970: TimeInterval(time))) == theirs)
            } else {
                // oathtool's HOTP is SHA-1 only.
                let counter = UInt64.random(in: 0...UInt64(UInt32.max) * 4, using: &generator)
                let hotp = try HOTP(secret: SecureBytes(secret), digits: digits)
                let theirs = try runPeer(["oathtool", "-c", "\(counter)", "-d", "\(digits)", hex])
                    .trimmingCharacters(in: .newlines)
                #expect(hotp.code(counter: counter) == theirs)
                #expect(try hotp.isValid(theirs, counter: counter))
                #expect(try !hotp.isValid(theirs, counter: counter + 1) || hotp.code(counter: counter + 1) == theirs)
            }
        }
    }

    /// oathtool takes Base32 secrets too: the same text means the same key to both of us.
    @Test func readBase32LikeOathtool() throws {
        let text = Base32.encode(SecureRandom.bytes(count: 20))
        let totp = try TOTP(secret: try Base32.decode(text))
        let theirs = try runPeer(["oathtool", "--totp", "-b", "-N", "@1700000000", text])
            .trimmingCharacters(in: .newlines)
        #expect(try totp.code(at: Date(timeIntervalSince1970: 1_700_000_000)) == theirs)
    }

    @Test func matchHonoursTheWindowAndTheLastAcceptedStep() throws {
        let totp = try TOTP(secret: SecureBytes(randomByteCount: 20))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let step = try totp.timeStep(at: now)
        let previous = totp.hotp.code(counter: step - 1)
        let next = totp.hotp.code(counter: step + 1)
        let far = totp.hotp.code(counter: step + 2)
        #expect(try totp.match(previous, at: now) == step - 1)
        #expect(try totp.match(next, at: now) == step + 1)
        #expect(try totp.match(far, at: now) == nil || far == totp.hotp.code(counter: step))
        #expect(try totp.match(far, at: now, window: OTPWindow(behind: 0, ahead: 2)) == step + 2)
        #expect(try totp.match(previous, at: now, after: step - 1) == nil || previous == next)
        #expect(try totp.match(next, at: now, after: step) == step + 1)
    }

    @Test(arguments: ["", "12345", "1234567", "12345a", "12 456", "١٢٣٤٥٦", "123456\n", "-12345"])
    func malformedCodesAreNamedNotGuessed(code: String) throws {
        let totp = try TOTP(secret: SecureBytes(randomByteCount: 20))
        #expect(throws: OTPError.self) { _ = try totp.match(code, at: Date()) }
        do {
            _ = try totp.hotp.isValid(code, counter: 0)
        } catch let error as OTPError {
            #expect(error.code == .invalidCode)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func rejectsBadParameters() {
        let short = SecureBytes(randomByteCount: 15)
        let good = SecureBytes(randomByteCount: 20)
        #expect(throws: OTPError.self) { try HOTP(secret: short) }
        #expect(throws: OTPError.self) { try HOTP(secret: good, digits: 5) }
        #expect(throws: OTPError.self) { try HOTP(secret: good, digits: 9) }
        #expect(throws: OTPError.self) { try TOTP(secret: good, period: 0) }
        #expect(throws: OTPError.self) { try TOTP(secret: good, period: 3601) }
        #expect(throws: OTPError.self) { try OTPWindow(behind: 11) }
        #expect(throws: OTPError.self) { try OTPWindow(behind: -1) }
        #expect(throws: OTPError.self) {
            try TOTP(secret: good, t0: 100).timeStep(at: Date(timeIntervalSince1970: 99))
        }
        #expect(throws: OTPError.self) { try TOTP(secret: good).timeStep(at: Date(timeIntervalSince1970: -1)) }
        #expect(throws: OTPError.self) { try TOTP(secret: good).timeStep(at: .distantFuture.addingTimeInterval(1e300)) }
    }

    @Test func timeStepsDivideExactly() throws {
        var generator = SystemRandomNumberGenerator()
        for period in [1, 2, 7, 30, 59, 60, 3599, 3600] {
            let totp = try TOTP(secret: SecureBytes(randomByteCount: 20), period: period)
            var times: [Int64] = [0, 1, Int64(period) - 1, Int64(period), Int64(period) + 1, 4_102_444_800]
            times += (0..<500).map { _ in Int64.random(in: 0..<(1 << 52), using: &generator) }
            for time in times {
                let date = Date(timeIntervalSince1970: TimeInterval(time))
                #expect(try totp.timeStep(at: date) == UInt64(time) / UInt64(period), "\(time) / \(period)")
            }
        }
    }
}
