import WalletCrypto

/// The rules a new keystore or backup passphrase must meet.
///
/// Security contract: refuses passphrases shorter than 12 bytes, those made of one repeated
/// character or a keyboard or alphabet run, and those on a built-in list of the most common
/// passwords (compared case-insensitively, also with digits and symbols stripped from the end). It
/// cannot judge a passphrase that is long but guessable from facts about its owner.
enum PassphraseRules {
    static let minimumBytes = 12

    /// Throws `.usage` naming why `passphrase` is too weak.
    static func check(_ passphrase: SecureBytes, what: String) throws(SignerError) {
        let text = passphrase.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }.lowercased()
        guard passphrase.count >= minimumBytes else {
            throw SignerError(.usage, "the \(what) must have at least \(minimumBytes) bytes; use several words")
        }
        let bytes = Array(text.utf8)
        guard Set(bytes).count > 3 else {
            throw SignerError(.usage, "the \(what) repeats too few characters; choose another")
        }
        let stem = String(
            decoding: bytes.reversed().drop(while: { !(0x61...0x7A).contains($0) }).reversed(), as: UTF8.self)
        let runs = ["0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc"]
        let isRun = runs.contains { run in run.contains(text) || (text + text).contains(run) && text.count <= run.count
        }
        guard !isRun, !common.contains(where: { $0.utf8.elementsEqual(text.utf8) || $0.utf8.elementsEqual(stem.utf8) })
        else {
            throw SignerError(.usage, "the \(what) is on the list of common passwords; choose another")
        }
    }

    /// Frequent passwords from public breach-frequency lists, lower case.
    static let common: [String] = [
        "password", "passw0rd", "password1", "password123", "passwordpassword", "123456789012", "1234567890123",
        "qwertyuiop", "qwertyuiopasdf", "iloveyou", "iloveyouiloveyou", "letmein", "letmeinplease", "welcome",
        "welcome123", "welcometothejungle", "administrator", "admin", "adminadmin", "changeme", "changemenow",
        "trustno1", "sunshine", "princess", "football", "baseball", "superman", "batman", "dragon", "monkey",
        "master", "shadow", "michael", "jennifer", "jordan", "hunter", "ranger", "buster", "soccer", "harley",
        "starwars", "whatever", "freedom", "mustang", "access", "secret", "secretpassword", "mysecretpassword",
        "correcthorsebatterystaple", "correct horse battery staple", "thequickbrownfox",
        "thequickbrownfoxjumpsoverthelazydog", "offline-signer", "offlinesigner", "walletcustody", "keystore",
        "keystorepassphrase", "passphrase", "mypassphrase", "supersecret", "supersecretpassword",
        "opensesame", "zaq12wsxcde3", "1q2w3e4r5t6y", "q1w2e3r4t5y6", "asdfghjkl", "zxcvbnm", "11111111",
        "00000000", "12341234", "abcd1234", "abc123456789", "987654321", "qwerty123456", "password!", "p@ssw0rd",
        "p@ssword", "pa$$word", "computer", "internet", "samsung", "google", "bitcoin", "blockchain", "ethereum",
        "wallet", "mywallet", "banking", "mybank", "summer", "winter", "spring", "autumn", "january", "december",
    ]
}
