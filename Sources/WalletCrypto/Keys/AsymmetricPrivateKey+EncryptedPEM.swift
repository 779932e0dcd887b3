import Foundation

extension AsymmetricPrivateKey {
    /// The default PBKDF2-HMAC-SHA-256 iteration count for encrypted PKCS#8: 600,000 (OWASP 2023).
    public static var defaultPKCS8Iterations: Int { 600_000 }

    /// The key as an "ENCRYPTED PRIVATE KEY" PEM block (PKCS#8 with PBES2: PBKDF2-HMAC-SHA-256 and
    /// AES-256-CBC, fresh random salt and IV), which `openssl pkey -passin` reads. Throws
    /// `.invalidParameter` for iterations outside 1...2^31−1. The protection is only as strong as the
    /// passphrase; `EncryptedKeyFile` (scrypt) resists guessing far better.
    /// Throws `CryptoError`.
    public func encryptedPEMRepresentation(
        passphrase: some DataProtocol, iterations: Int = defaultPKCS8Iterations
    ) throws -> String {
        guard iterations >= 1, iterations <= Int(Int32.max) else {
            throw CryptoError(.invalidParameter, "PBKDF2 iterations must be 1...\(Int32.max), got \(iterations)")
        }
        let der = try ContiguousInput.withTyped(passphrase) { (password) throws(CryptoError) in
            try EncryptedPKCS8.encrypt(key, passphrase: password, iterations: iterations)
        }
        return PEM.encode(label: "ENCRYPTED PRIVATE KEY", der)
    }

    /// Imports an "ENCRYPTED PRIVATE KEY" PEM block as `openssl pkey -aes256` or `openssl pkcs8 -topk8`
    /// write it. Only PBES2 with PBKDF2 is accepted, with at most `maximumIterations` iterations
    /// (`.limitExceeded` otherwise, before any work; the default allows about two seconds of work). A
    /// wrong passphrase is `.authenticationFailure`. PBES2 with CBC is not authenticated: a modified
    /// file can decrypt to a different valid key without an error, so check the imported key's
    /// `publicKey.keyID` against a trusted record, or use `EncryptedKeyFile`, which is authenticated.
    /// Throws `CryptoError`.
    public init(
        encryptedPEMRepresentation: String, passphrase: some DataProtocol, maximumIterations: Int = 2_000_000
    ) throws {
        let der = try PEM.decode(label: "ENCRYPTED PRIVATE KEY", encryptedPEMRepresentation)
        key = try der.withBytes { (sealed) throws(CryptoError) in
            try ContiguousInput.withTyped(passphrase) { (password) throws(CryptoError) in
                try EncryptedPKCS8.decrypt(
                    sealed, passphrase: password, maximumIterations: maximumIterations, algorithm: Scheme.algorithm)
            }
        }
    }
}
