import Foundation
import Glibc

/// Times as `YYYY-MM-DDTHH:MM:SSZ`, the only form the signer's files accept.
enum UTCTime {
    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    /// Parses the canonical form; a date that does not exist (Feb 30) does not re-format to itself.
    static func parse(_ text: String, _ field: String) throws(SignerError) -> Date {
        let bytes = Array(text.utf8)
        let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
            bytes[16] == 0x3A, bytes[19] == 0x5A, digits.allSatisfy({ (0x30...0x39).contains(bytes[$0]) })
        else { throw SignerError(.invalidFile, "the \(field) time must be YYYY-MM-DDTHH:MM:SSZ") }
        func number(_ range: Range<Int>) -> Int32 { Int32(String(decoding: bytes[range], as: UTF8.self))! }
        var parts = tm()
        parts.tm_year = number(0..<4) - 1900
        parts.tm_mon = number(5..<7) - 1
        parts.tm_mday = number(8..<10)
        parts.tm_hour = number(11..<13)
        parts.tm_min = number(14..<16)
        parts.tm_sec = number(17..<19)
        let date = Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
        guard format(date) == text else { throw SignerError(.invalidFile, "the \(field) time is not a real date") }
        return date
    }
}
