/// Which test module reads each file in `vectors/`. Every file there must be listed, and each
/// module checks that it reads the files listed for it, so a file no test reads fails a test.
public enum ProjectVectorOwners {
    /// File name in `vectors/` → the test module that reads it.
    public static let owners: [String: String] = [
        "keyfile-v1.json": "WalletCryptoTests",
        "keyfile-v1-shangmi.json": "WalletCryptoTests",
        "key-id.json": "WalletCryptoTests",
        "sm2-signature.json": "WalletCryptoTests",
        "envelope-v1.json": "WalletCryptoTests",
        "envelope-v1-shangmi.json": "WalletCryptoTests",
        "stream-v1.json": "WalletCryptoTests",
        "stream-v1-shangmi.json": "WalletCryptoTests",
        "rfc4226-hotp.json": "OneTimePasswordTests",
        "rfc6238-totp.json": "OneTimePasswordTests",
        "otp-secret-shangmi.json": "OneTimePasswordTests",
        "request-v1.json": "OfflineSignerTests",
        "card-token-v1.json": "CardVaultTests",
        "card-record-shangmi.json": "CardVaultTests",
        "response-v1.json": "OfflineSignerTests",
        "audit-log-v1.json": "WalletCryptoTests",
        "payment-batch-v1.json": "OfflineSignerTests",
        "pain001.json": "OfflineSignerTests",
        "policy-v1.json": "OfflineSignerTests",
        "request-v2.json": "OfflineSignerTests",
        "sm4-aead.json": "WalletCryptoTests",
        "sm2-ciphertext.json": "WalletCryptoTests",
        "sm4-gbt32907.json": "WalletCryptoTests",
    ]

    /// Files listed for `module`.
    public static func files(of module: String) -> Set<String> {
        Set(owners.filter { $0.value == module }.map { "vectors/\($0.key)" })
    }
}
