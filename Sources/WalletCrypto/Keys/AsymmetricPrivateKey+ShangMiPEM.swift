import Foundation

extension AsymmetricPrivateKey {
    /// The key as an "ENCRYPTED PRIVATE KEY" PEM block with the national algorithms, as GmSSL
    /// writes SM2 keys: PKCS#8 with PBES2, PBKDF2-HMAC-SM3 (fresh random 16-byte salt) deriving a
    /// 128-bit key, and SM4-CBC (fresh random IV). GmSSL (`gmssl sm2keygen -pass`) and
    /// `init(encryptedPEMRepresentation:passphrase:maximumIterations:)` read it; OpenSSL 3.0 does
    /// not. Throws `CryptoError` `.invalidParameter` for iterations outside 1...2^31−1.
    ///
    /// Security contract: as `encryptedPEMRepresentation(passphrase:iterations:)`. The protection
    /// is only as strong as the passphrase, and CBC is not authenticated, so a modified file can
    /// decrypt to another valid key: check the key ID against a trusted record, or prefer
    /// `EncryptedKeyFile`. GmSSL's own default is 65,536 iterations; this default is 600,000.
    public func shangMiEncryptedPEMRepresentation(
        passphrase: some DataProtocol, iterations: Int = defaultPKCS8Iterations
    ) throws -> String {
        guard iterations >= 1, iterations <= Int(Int32.max) else {
            throw CryptoError(.invalidParameter, "PBKDF2 iterations must be 1...\(Int32.max), got \(iterations)")
        }
        let der = try ContiguousInput.withTyped(passphrase) { (password) throws(CryptoError) in
            try ShangMiPKCS8.seal(key, passphrase: password, iterations: iterations)
        }
        return PEM.encode(label: "ENCRYPTED PRIVATE KEY", der)
    }
}
