import WalletCrypto

/// Single-use recovery codes: 10 Base32 characters (50 bits), shown as `XXXXX-XXXXX`.
///
/// Security contract: codes come from the system's secure generator and are shown once; the
/// store keeps only keyed hashes. Input is normalised (case, dashes, spaces) before hashing, and
/// a code that cannot be one is rejected as `.invalidCode` before any lookup.
enum RecoveryCodes {
    static let length = 10

    static func generate(count: Int) -> [String] {
        (0..<count).map { _ in
            let symbols = Array(Base32.encode(SecureRandom.bytes(count: 7)).prefix(length))
            return String(symbols[..<5]) + "-" + String(symbols[5...])
        }
    }

    static func normalize(_ code: String) throws(OTPError) -> String {
        let kept = code.uppercased().filter { $0 != "-" && $0 != " " }
        guard kept.count == length, kept.utf8.allSatisfy({ (0x41...0x5A).contains($0) || (0x32...0x37).contains($0) })
        else {
            throw OTPError(.invalidCode, "a recovery code has \(length) letters and digits 2-7, with optional dashes")
        }
        return kept
    }
}
