import Foundation
import OneTimePassword
import TestSupport
import Testing
import WalletCrypto

@Suite("otpauth:// key URIs")
struct OTPAuthURITests {
    let secret = SecureBytes(Array("12345678901234567890".utf8))

    @Test func roundTripsEveryField() throws {
        let kinds: [OTPAuthURI.Kind] = [.totp(period: 30), .totp(period: 60), .hotp(counter: 0), .hotp(counter: .max)]
        for kind in kinds {
            for algorithm in OTPAlgorithm.allCases {
                for digits in 6...8 {
                    let uri = try OTPAuthURI(
                        kind: kind, issuer: "Bank of Example & Co 中", account: "alice+1@example.com", secret: secret,
                        algorithm: algorithm, digits: digits)
                    let parsed = try OTPAuthURI(parsing: uri.absoluteString)
                    #expect(parsed == uri)
                    #expect(parsed.absoluteString == uri.absoluteString)
                }
            }
        }
        let plain = try OTPAuthURI(issuer: nil, account: "bob", secret: secret)
        #expect(try OTPAuthURI(parsing: plain.absoluteString) == plain)
    }

    @Test func readsTheFormatsExamplesAndKeepsTheSecretOutOfItsDescription() throws {
        let uri = try OTPAuthURI(
            parsing: "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example")
        #expect(uri.issuer == "Example")
        #expect(uri.account == "alice@google.com")
        #expect(uri.kind == .totp(period: 30))
        #expect(uri.algorithm == .sha1 && uri.digits == 6)
        #expect(!uri.description.contains("JBSW"))
        let spaced = try OTPAuthURI(
            parsing: "otpauth://totp/ACME%20Co:%20%20john.doe@email.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        #expect(spaced.issuer == "ACME Co")
        #expect(spaced.account == "john.doe@email.com")
        let encodedColon = try OTPAuthURI(
            parsing: "otpauth://hotp/ACME%3Ajohn?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&counter=7")
        #expect(encodedColon.issuer == "ACME" && encodedColon.kind == .hotp(counter: 7))
    }

    /// pyotp writes the URIs many wallet backends already have; we must read them.
    @Test func readsPyotpURIs() throws {
        let script = """
            import hashlib, pyotp
            s = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPEHPK3PXP'
            print(pyotp.TOTP(s, issuer='Bank 中', name='alice@x.com', digits=8, interval=60, digest=hashlib.sha256).provisioning_uri())
            print(pyotp.HOTP(s, issuer='Acme', name='bob', initial_count=42).provisioning_uri())
            """
        let output = try runPeer(["python3", "-c", script]).trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = output.split(separator: "\n").map(String.init)
        try #require(lines.count == 2, "pyotp is needed (scripts/test installs it): \(output)")
        let totp = try OTPAuthURI(parsing: lines[0])
        #expect(totp.issuer == "Bank 中" && totp.account == "alice@x.com")
        #expect(totp.kind == .totp(period: 60) && totp.digits == 8 && totp.algorithm == .sha256)
        let hotp = try OTPAuthURI(parsing: lines[1])
        #expect(hotp.kind == .hotp(counter: 42) && hotp.issuer == "Acme")
    }

    static let valid = "otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Acme"

    @Test(arguments: [
        ("", "start"), ("http://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "start"),
        ("otpauth://totp", "label"), ("otpauth://xotp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "type"),
        ("otpauth://totp/Acme:alice?issuer=Acme", "secret"),
        ("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Evil", "differ"),
        (
            "otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
            "twice"
        ),
        ("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&image=x", "unknown"),
        ("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&counter=1", "unknown"),
        ("otpauth://hotp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "counter"),
        ("otpauth://hotp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&counter=01", "decimal"),
        ("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&digits=9", "decimal"),
        ("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&digits=+6", "decimal"),
        ("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&period=0", "decimal"),
        ("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=MD5", "algorithm"),
        ("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=sha1", "algorithm"),
        ("otpauth://totp/Acme:alice:x?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "more than one"),
        ("otpauth://totp/Acme:?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "empty"),
        ("otpauth://totp/:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "empty"),
        ("otpauth://totp/Acme:al%2?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "hex digits"),
        ("otpauth://totp/Acme:al%ZZice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "hex digits"),
        ("otpauth://totp/Acme:al%FFice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "UTF-8"),
        ("otpauth://totp/Acme:al%0Aice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "control"),
        ("otpauth://totp/Acme:al ice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "percent-encoded"),
        ("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP#x", "fragment"),
        ("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&", "name=value"),
        ("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXP1", "Base32"),
        ("otpauth://totp/Acme:alice?secret=JBSWY3DP", "at least"),
    ])
    func rejectsWithAReason(text: String, reasonContains: String) {
        do {
            _ = try OTPAuthURI(parsing: text)
            Issue.record("accepted \(text)")
        } catch let error as OTPError {
            #expect([.invalidURI, .invalidBase32, .invalidParameter].contains(error.code))
            #expect(error.reason.localizedCaseInsensitiveContains(reasonContains), "\(error.reason)")
            #expect(!error.reason.contains("JBSWY3DP"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// Every mutation of a valid URI either parses or throws an OTPError; nothing crashes.
    @Test func survivesMutatedInput() {
        var generator = SystemRandomNumberGenerator()
        let base = Array(Self.valid.utf8)
        let alphabet = Array("%:/?&=#+ 0123456789AZaz\u{0}\u{7f}é".utf8)
        for _ in 0..<3000 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = alphabet.randomElement(using: &generator)!
                case 1: bytes.remove(at: index)
                default: bytes.insert(alphabet.randomElement(using: &generator)!, at: index)
                }
                if bytes.isEmpty { break }
            }
            _ = try? OTPAuthURI(parsing: String(decoding: bytes, as: UTF8.self))
        }
    }
}
