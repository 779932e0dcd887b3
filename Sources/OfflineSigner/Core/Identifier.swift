/// The signer's identifier rules. Identifiers (kinds, key IDs, accounts, currencies) are compared
/// as the bytes of their canonical form, never with Swift's `String ==`, which treats canonically
/// equivalent text ("Cafe\u{301}" and "Café", "\u{212A}" and "K") as equal.
enum Identifier {
    /// A request kind: 1 to 64 of `a-z 0-9 -`, starting with a letter. ASCII only, so one spelling.
    static func checkKind(_ kind: String) throws(SignerError) {
        let bytes = Array(kind.utf8)
        guard !bytes.isEmpty, bytes.count <= 64, (0x61...0x7A).contains(bytes[0]),
            bytes.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D })
        else { throw SignerError(.invalidFile, "a request kind is 1 to 64 of a-z 0-9 - starting with a letter") }
    }

    /// Whether `a` and `b` are the same bytes.
    static func same(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    /// Whether `list` holds `value` byte for byte.
    static func contains(_ list: [String], _ value: String) -> Bool { list.contains { same($0, value) } }
}
