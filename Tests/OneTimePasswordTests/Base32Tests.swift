import OneTimePassword
import Testing
import WalletCrypto

@Suite("Base32 (RFC 4648)")
struct Base32Tests {
    /// RFC 4648 section 10, without and with padding.
    static let rfc4648: [(String, String, String)] = [
        ("", "", ""), ("f", "MY", "MY======"), ("fo", "MZXQ", "MZXQ===="), ("foo", "MZXW6", "MZXW6==="),
        ("foob", "MZXW6YQ", "MZXW6YQ="), ("fooba", "MZXW6YTB", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI", "MZXW6YTBOI======"),
    ]

    func decoded(_ text: String) throws -> [UInt8] { try Base32.decode(text).withUnsafeBytes { Array($0) } }

    @Test func matchesRFC4648() throws {
        for (plain, unpadded, padded) in Self.rfc4648 {
            #expect(Base32.encode(Array(plain.utf8)) == unpadded)
            #expect(try decoded(unpadded) == Array(plain.utf8))
            #expect(try decoded(padded) == Array(plain.utf8))
            #expect(try decoded(unpadded.lowercased()) == Array(plain.utf8))
        }
        #expect(try decoded("jbsw y3dp ehpk 3pxp") == (try decoded("JBSWY3DPEHPK3PXP")))
    }

    @Test func roundTripsRandomBytes() throws {
        for count in 0..<80 {
            let bytes = SecureRandom.bytes(count: count)
            let text = Base32.encode(bytes)
            #expect(!text.contains("="))
            #expect(try decoded(text) == bytes)
        }
    }

    @Test(arguments: [
        ("JBSWY3D1", "'1'"), ("JBSW0000", "'0'"), ("JBSWY3D8", "'8'"), ("MZ!W6", "'!'"), ("MZXW6\n", "\\n"),
        ("MZXW6é", "\\u{00E9}"),
    ])
    func namesTheBadCharacter(text: String, shown: String) {
        do {
            _ = try Base32.decode(text)
            Issue.record("accepted \(text)")
        } catch let error as OTPError {
            #expect(error.code == .invalidBase32)
            #expect(error.reason.contains(shown), "\(error.reason)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: ["M", "MZX", "MZXW6Y", "MZ=XW6YQ", "MY=====", "MY=======", "MZXW6YTB=", "MZ", "MZXR", "MZXW7"])
    func rejectsImpossibleLengthsPaddingAndNonCanonicalBits(text: String) {
        #expect(throws: OTPError.self) { try Base32.decode(text) }
    }
}
