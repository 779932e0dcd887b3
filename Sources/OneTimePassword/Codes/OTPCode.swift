import WalletCrypto

/// A received code, checked for form and kept as its ASCII digits packed into one word, so that
/// checking it against each step in a window allocates nothing.
struct OTPCode {
    private let packed: UInt64

    /// Throws `.invalidCode` unless `text` is exactly `digits` ASCII digits.
    init(_ text: String, digits: Int) throws(OTPError) {
        var packed: UInt64 = 0
        var count = 0
        for byte in text.utf8 {
            count += 1
            guard count <= digits else { break }
            guard (0x30...0x39).contains(byte) else { throw OTPError(.invalidCode, "a code has only the digits 0-9") }
            packed = packed << 8 | UInt64(byte)
        }
        guard count == digits else {
            throw OTPError(.invalidCode, "a code has \(digits) digits, got \(text.unicodeScalars.count) characters")
        }
        self.packed = packed
    }

    /// Whether this code is `value` (already reduced to the code's digits), comparing every digit
    /// whatever the first difference.
    func matches(_ value: UInt32, digits: Int) -> Bool {
        var expected = Self.pack(value, digits: digits)
        var received = packed
        return withUnsafeBytes(of: &expected) { expected in
            withUnsafeBytes(of: &received) { ConstantTimeComparison.equals(expected, $0) }
        }
    }

    static func text(_ value: UInt32, digits: Int) -> String {
        String(unsafeUninitializedCapacity: digits) { buffer in
            var remaining = value
            for index in stride(from: digits - 1, through: 0, by: -1) {
                buffer[index] = 0x30 + UInt8(remaining % 10)
                remaining /= 10
            }
            return digits
        }
    }

    /// `value` as `digits` zero-padded ASCII digits, the last digit in the lowest byte.
    private static func pack(_ value: UInt32, digits: Int) -> UInt64 {
        var remaining = value
        var packed: UInt64 = 0
        for index in 0..<digits {
            packed |= UInt64(0x30 + remaining % 10) << (8 * UInt64(index))
            remaining /= 10
        }
        return packed
    }
}
