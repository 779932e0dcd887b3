import Foundation

/// Text from a request or payload made safe to show a person who decides on it.
///
/// Security contract: the escaped form shows every character that could hide or imitate text: C0/C1
/// controls, Unicode format characters (bidi overrides, zero-width joiners), line and paragraph
/// separators, spaces other than U+0020, unassigned and private-use code points, compatibility
/// characters (the Kelvin sign, full-width letters: anything NFKC changes), combining marks in text
/// that is not NFC, and every non-ASCII character of a value that mixes Latin letters with Greek,
/// Cyrillic or other scripts (homoglyphs). They appear as `\u{202E}`. A backslash is shown as `\\`
/// and runs of spaces (and outer spaces) as `·`, so a value can neither contain a line break nor
/// start a screen row with the two spaces that begin a label row. It cannot tell two different
/// single-script names apart for the reader; accounts, not names, are what the policy checks.
enum DisplayText {
    /// The escaped form of `text`.
    static func escaped(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        let notNFC = !text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars)
        let mixed = mixesScripts(scalars)
        var output = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == " " {
                let alone =
                    index > 0 && index < scalars.count - 1 && scalars[index - 1] != " " && scalars[index + 1] != " "
                output.append(alone ? " " : "·")
            } else if scalar == "\\" {
                output.append(contentsOf: "\\\\".unicodeScalars)
            } else if mustEscape(scalar, notNFC: notNFC, mixed: mixed) {
                output.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// `escaped(text)` cut to at most `maximumBytes` UTF-8 bytes, with a visible marker naming how
    /// many bytes of the original were not shown.
    static func shown(_ text: String, maximumBytes: Int = 160) -> String {
        let full = escaped(text)
        guard full.utf8.count > maximumBytes else { return full }
        var kept = String.UnicodeScalarView()
        var used = 0
        var shownOriginal = 0
        // Cut on the original's scalars so an escape sequence is never split.
        for scalar in text.unicodeScalars {
            let piece = escaped(String(scalar))
            guard used + piece.utf8.count <= maximumBytes else { break }
            kept.append(contentsOf: piece.unicodeScalars)
            used += piece.utf8.count
            shownOriginal += String(scalar).utf8.count
        }
        return String(kept) + " [cut: \(text.utf8.count - shownOriginal) more bytes]"
    }

    private static func mustEscape(_ scalar: Unicode.Scalar, notNFC: Bool, mixed: Bool) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        if scalar == "·" || mixed || scalar.properties.isNoncharacterCodePoint { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .unassigned, .privateUse,
            .surrogate:
            return true
        case .nonspacingMark, .enclosingMark, .spacingMark:
            if notNFC { return true }
        default: break
        }
        return !String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars.elementsEqual([scalar])
    }

    private enum Script { case latin, greek, cyrillic, eastAsian, other }

    /// Whether the letters of `scalars` come from Latin and another alphabet that has Latin
    /// lookalikes. East Asian scripts mix with Latin freely ("ACME 科技") and are not counted.
    private static func mixesScripts(_ scalars: [Unicode.Scalar]) -> Bool {
        var seen: Set<Script> = []
        for scalar in scalars where scalar.properties.isAlphabetic {
            let script = script(of: scalar.value)
            if script != .eastAsian { seen.insert(script) }
        }
        return seen.count > 1
    }

    private static func script(of value: UInt32) -> Script {
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: .latin
        case 0x370...0x3FF, 0x1F00...0x1FFF: .greek
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: .cyrillic
        case 0x2E80...0x2FDF, 0x3040...0x30FF, 0x3100...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF,
            0xF900...0xFAFF, 0x20000...0x3FFFF:
            .eastAsian
        default: .other
        }
    }
}
