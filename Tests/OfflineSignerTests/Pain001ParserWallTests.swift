import Foundation
import TestSupport
import Testing

@testable import OfflineSigner

/// The second wall of `docs/spec/pain001.md`: libxml2's SAX2 parser as the signer runs it, fed
/// directly (as if `Pain001Decoder.prescan` had a hole), still refuses every DTD, entity, CDATA
/// section and processing instruction, expands nothing and reads no file.
@Suite("pain.001 parser wall")
struct Pain001ParserWallTests {
    /// The parser's verdict on `text` alone, without the byte prescan.
    static func parse(_ text: String) -> (error: SignerError?, batch: DecodedBatch?) {
        Array(text.utf8).withUnsafeBytes { bytes in
            var reader = Pain001Reader(keep: 10, keepAll: false, byteCount: bytes.count)
            Pain001SAXParser.read(bytes, into: &reader)
            if let error = reader.error { return (error, nil) }
            do throws(SignerError) {
                return (nil, try reader.finish())
            } catch {
                return (error, nil)
            }
        }
    }

    static let body = Pain001Tests.valid.replacingOccurrences(
        of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")

    @Test func validFileDecodes() throws {
        let (error, batch) = Self.parse(Pain001Tests.valid)
        #expect(error == nil)
        #expect(batch?.totals.count == 2)
        // Predefined entities and character references are text, not entity references.
        let escaped = Self.parse(
            Pain001Tests.valid.replacingOccurrences(of: "ACME Ltd", with: "ACME &amp; Sons &#x4C;td"))
        #expect(escaped.error == nil)
        #expect(escaped.batch?.first.first?.payeeName == "ACME & Sons Ltd")
    }

    @Test func billionLaughsIsNotExpanded() {
        let lol = (2...9).map { level in
            "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let text =
            "<!DOCTYPE Document [<!ENTITY lol1 \"lol\">" + lol.joined() + "]>\n"
            + Self.body.replacingOccurrences(of: "ACME Ltd", with: "&lol9;")
        let (error, batch) = Self.parse(text)
        #expect(batch == nil)
        #expect(error?.reason.contains("DOCTYPE") == true, "\(error?.reason ?? "")")
        #expect(error.map { $0.reason.utf8.count < 300 } == true)
    }

    @Test func externalEntityIsNotRead() throws {
        try withTemporaryFolder("wc-pain001-wall") { folder in
            let secret = folder.appendingPathComponent("secret.txt")
            try Data("TOPSECRET-42".utf8).write(to: secret)
            for declaration in [
                "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"\(secret.absoluteString)\">]>",
                "<!DOCTYPE Document SYSTEM \"\(secret.absoluteString)\">",
            ] {
                let text = declaration + "\n" + Self.body.replacingOccurrences(of: "ACME Ltd", with: "&xxe;")
                let (error, batch) = Self.parse(text)
                #expect(batch == nil)
                #expect(error != nil)
                #expect(error?.reason.contains("TOPSECRET") == false)
            }
        }
    }

    @Test(arguments: [
        ("<Nm>ACME Ltd</Nm>", "<Nm><![CDATA[ACME Ltd]]></Nm>", "CDATA"),
        ("<Nm>ACME Ltd</Nm>", "<Nm>ACME<?pi x?> Ltd</Nm>", "processing instruction"),
        ("<Nm>ACME Ltd</Nm>", "<Nm>&undeclared;</Nm>", "not well-formed"),
        ("</Cdtr>", "</Cdtrx>", "not well-formed"),
    ])
    func markupIsRefused(_ original: String, _ replacement: String, _ words: String) {
        let (error, batch) = Self.parse(Pain001Tests.valid.replacingOccurrences(of: original, with: replacement))
        #expect(batch == nil)
        #expect(error?.reason.contains(words) == true, "\(error?.reason ?? "")")
    }
}
