/// A performance goal from the issue: the lowest acceptable ratio of WalletCrypto to direct OpenSSL.
struct Goal: Sendable {
    let name: String
    let minimumRatio: Double

    static let bulkHashing = Goal(name: "hashing at 16 KiB and 1 MiB", minimumRatio: 0.95)
    static let bulkAEAD = Goal(name: "AEAD at 16 KiB and 1 MiB", minimumRatio: 0.95)
    static let smallAEAD = Goal(name: "AEAD at 64 B", minimumRatio: 0.85)
    static let smallHMAC = Goal(name: "HMAC-SHA-1 over 8 B with a reused key", minimumRatio: 0.85)
    static let hpke = Goal(name: "HPKE vs the sum of its OpenSSL steps, issue 4", minimumRatio: 0.9)
    static let streaming = Goal(name: "stream-v1 vs AES-256-GCM at 16 KiB, issue 4", minimumRatio: 0.85)
    static let keyGeneration = Goal(name: "X25519 key pair with its public bytes, issue 15", minimumRatio: 0.95)
    static let signature = Goal(name: "sign and verify, issue 3", minimumRatio: 0.9)
    static let totp = Goal(name: "TOTP vs the HMACs it rests on, issue 5", minimumRatio: 0.8)
    static let signer = Goal(name: "review and sign vs openssl dgst -sha256, issue 7", minimumRatio: 0.9)
    static let signerPain001 = Goal(
        name: "review and sign of a 100,000-payment pain.001 vs xmllint --noout --stream, issue 11", minimumRatio: 0.5)
    static let sm4GCM = Goal(
        name: "SM4-GCM vs openssl speed -evp sm4-ctr at 16 KiB and 1 MiB, issue 13", minimumRatio: 0.85)
    static let sm2Encryption = Goal(
        name: "SM2 encrypt and decrypt vs EVP_PKEY_encrypt/decrypt, issue 13", minimumRatio: 0.95)
    static let totpVersusPyotp = Goal(name: "TOTP verify vs pyotp, issue 5", minimumRatio: 10)
}
