/// The one syntax for identifiers that name things across the project: tenant IDs, actors, key
/// and log names. `[a-z0-9][a-z0-9._-]{0,63}`: 1 to 64 bytes of lower-case ASCII letters, digits,
/// dot, underscore and hyphen, starting with a letter or digit.
///
/// Security contract: an identifier that passes `isValid` has exactly one spelling, so comparing
/// identifiers as bytes (`equal`) and comparing them as text agree, and no two valid identifiers
/// look alike through Unicode equivalence, case folding, width variants or trailing spaces. It
/// says nothing about who may use an identifier. Swift's `String ==` compares by canonical
/// equivalence ("Cafe\u{301}" == "Café"); never use it, `Set<String>` or `[String: _]` on
/// identifiers that did not pass this rule.
public enum Identifier {
    /// The longest identifier, in bytes.
    public static let maximumByteCount = 64

    /// The rule in words, for error messages.
    public static let rule = "1 to 64 characters from a-z, 0-9, '.', '_' and '-', starting with a letter or digit"

    /// Whether `text` matches `[a-z0-9][a-z0-9._-]{0,63}`, checked byte by byte.
    public static func isValid(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, bytes.count <= maximumByteCount, isLetterOrDigit(first) else { return false }
        return bytes.allSatisfy { isLetterOrDigit($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    /// Byte equality of the UTF-8 forms: the only way identifiers and other opaque names are compared.
    public static func equal(_ lhs: String, _ rhs: String) -> Bool { lhs.utf8.elementsEqual(rhs.utf8) }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }
}
