import WalletCrypto

/// Token digits: the PAN's length, its last four (and optionally first six), and for random
/// tokens a Luhn check that always fails, so a token can never be taken for a card number.
enum TokenFormat {
    /// A random token for `pan`; the caller retries on a collision with an existing token.
    static func random(for pan: PrimaryAccountNumber, keepFirstSix: Bool) -> String {
        pan.withUnsafeDigits { digits in
            let kept = keepFirstSix ? 6 : 0
            let hidden = digits.count - kept - 4
            while true {
                var token = Array(digits.prefix(kept))
                var generator = SecureRandomNumberGenerator()
                for _ in 0..<hidden { token.append(0x30 + UInt8.random(in: 0...9, using: &generator)) }
                token += digits.suffix(4)
                // About one in ten candidates passes Luhn; drawing again keeps the digits uniform.
                if !PrimaryAccountNumber.passesLuhn(token) { return String(decoding: token, as: UTF8.self) }
            }
        }
    }

    /// The number of hidden (encrypted) digits an FF1 token would have.
    static func hiddenCount(for pan: PrimaryAccountNumber, keepFirstSix: Bool) -> Int {
        pan.count - (keepFirstSix ? 6 : 0) - 4
    }

    /// Whether `text` has a token's shape: 12 to 19 digits.
    static func isWellFormed(_ text: String) -> Bool {
        (12...19).contains(text.utf8.count) && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// Whether `token` is a valid random token for `pan`: same length, same last four (and first six
    /// when kept), digits only, failing Luhn.
    static func conforms(_ token: String, to pan: PrimaryAccountNumber, keepFirstSix: Bool) -> Bool {
        let bytes = Array(token.utf8)
        return pan.withUnsafeDigits { digits in
            bytes.count == digits.count && bytes.allSatisfy { (0x30...0x39).contains($0) }
                && bytes.suffix(4).elementsEqual(digits.suffix(4))
                && (!keepFirstSix || bytes.prefix(6).elementsEqual(digits.prefix(6)))
                && !PrimaryAccountNumber.passesLuhn(bytes)
        }
    }

    /// The FF1 token: the kept digits, FF1 (radix 10, `tweak`) of the hidden digits, the last four.
    /// Nil when the hidden digits' domain is below 10^6, which SP 800-38G Rev. 1 forbids; the vault
    /// then issues a random token. FF1 tokens may pass Luhn.
    static func ff1(_ pan: PrimaryAccountNumber, key: SymmetricKey, tweak: [UInt8], keepFirstSix: Bool)
        throws(VaultError)
        -> String?
    {
        let hidden = hiddenCount(for: pan, keepFirstSix: keepFirstSix)
        guard hidden >= 6 else { return nil }
        let kept = keepFirstSix ? 6 : 0
        var digits = pan.withUnsafeDigits { Array($0) }
        var middle = digits[kept..<(kept + hidden)].map { $0 - 0x30 }
        defer {
            PrimaryAccountNumber.wipe(&digits)
            PrimaryAccountNumber.wipe(&middle)
        }
        do {
            let encrypted = try FF1.encrypt(middle, radix: 10, key: key, tweak: tweak)
            return String(decoding: digits.prefix(kept) + encrypted.map { $0 + 0x30 } + digits.suffix(4), as: UTF8.self)
        } catch {
            throw VaultError(.storageFailure, "FF1 tokenisation failed")
        }
    }
}
