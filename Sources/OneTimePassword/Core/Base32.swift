import WalletCrypto

/// Base32, RFC 4648 section 6, as authenticator apps use it for secrets.
///
/// Security contract: decoding accepts upper and lower case, spaces, and input with or without
/// correct `=` padding, and rejects everything else, including non-zero unused trailing bits, so
/// each secret has one canonical encoding. Errors name the offending character and its position,
/// which is never part of a valid secret. Encoding emits unpadded upper case.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Unpadded upper-case Base32 of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes, kept in `SecureBytes` because they are usually a secret.
    /// Throws `OTPError`.
    public static func decode(_ text: String) throws -> SecureBytes {
        var symbols: [UInt8] = []
        var padding = 0
        defer { zero(&symbols) }
        for (position, character) in text.unicodeScalars.enumerated() {
            if character == " " { continue }
            if character == "=" {
                padding += 1
                continue
            }
            guard padding == 0, let value = value(of: character) else {
                throw OTPError(
                    .invalidBase32,
                    padding > 0 && value(of: character) != nil
                        ? "Base32 padding '=' may appear only at the end (position \(position + 1))"
                        : "Base32 has no character '\(character.escaped(asASCII: true))' (position \(position + 1))")
            }
            symbols.append(value)
        }
        let remainder = symbols.count % 8
        // 1, 3 and 6 trailing symbols cannot end a whole number of bytes.
        guard ![1, 3, 6].contains(remainder) else {
            throw OTPError(.invalidBase32, "Base32 of \(symbols.count) characters is not a whole number of bytes")
        }
        if padding > 0 {
            guard remainder != 0, padding == 8 - remainder else {
                throw OTPError(
                    .invalidBase32,
                    "Base32 padding has \(padding) '=' where \(remainder == 0 ? 0 : 8 - remainder) belong")
            }
        }
        let unusedBits = symbols.count * 5 % 8
        guard let last = symbols.last, last & ((1 << unusedBits) - 1) != 0 else {
            return SecureBytes(unsafeUninitializedCount: symbols.count * 5 / 8) { bytes in
                var buffer: UInt32 = 0
                var bits = 0
                var index = 0
                for symbol in symbols {
                    buffer = (buffer << 5) | UInt32(symbol)
                    bits += 5
                    if bits >= 8 {
                        bits -= 8
                        bytes[index] = UInt8(truncatingIfNeeded: buffer >> UInt32(bits))
                        index += 1
                    }
                }
                buffer = 0
            }
        }
        throw OTPError(.invalidBase32, "Base32 ends in non-zero unused bits, so it is not canonical")
    }

    private static func value(of character: Unicode.Scalar) -> UInt8? {
        switch character.value {
        case 0x41...0x5A: UInt8(character.value - 0x41)
        case 0x61...0x7A: UInt8(character.value - 0x61)
        case 0x32...0x37: UInt8(character.value - 0x32 + 26)
        default: nil
        }
    }

    private static func zero(_ bytes: inout [UInt8]) {
        for index in bytes.indices { bytes[index] = 0 }
    }
}
