import Foundation

extension SM2 {
    /// SM2 public-key encryption (GB/T 32918.4-2016) with SM3, for small secrets such as content
    /// keys.
    ///
    /// Security contract: confidentiality of the message against anyone without the private key;
    /// C3 makes a modified ciphertext fail to decrypt, but SM2 encryption is not authenticated
    /// encryption of the sender: anyone with the public key can encrypt, so pair it with a
    /// signature when the sender matters. Every decryption failure is the one
    /// `.authenticationFailure`. Keys of this scheme serve encryption only: an SM2 signing key is a
    /// different type and cannot decrypt (use separate keys, as GB/T 35275 and GM/T 0010 do).
    public enum Encryption: KeyScheme {
        /// WalletCrypto's own `.sm2` encryption scheme.
        public static var _identity: KeySchemeIdentity<_PublicKeyEncryption> { .sm2 }
        /// The ciphertext type.
        public typealias Ciphertext = SM2Ciphertext
        /// The longest message accepted, 1 MiB: SM2 encryption is for keys and short secrets, and
        /// its KDF output is held in memory whole.
        public static let maximumMessageByteCount = 1 << 20
    }
}

extension AsymmetricPublicKey where Scheme == SM2.Encryption {
    /// Encrypts `message` (1 byte to `SM2.Encryption.maximumMessageByteCount`) with a fresh random
    /// k from OpenSSL's DRBG. Throws `CryptoError` `.invalidParameter` for an empty or too long
    /// message. The ciphertext is 97 bytes longer than the message.
    public func encrypt(_ message: some DataProtocol) throws -> SM2Ciphertext {
        guard !message.isEmpty, message.count <= SM2.Encryption.maximumMessageByteCount else {
            throw CryptoError(
                .invalidParameter,
                "SM2 encrypts 1...\(SM2.Encryption.maximumMessageByteCount) bytes, got \(message.count)")
        }
        let der = try ContiguousInput.withTyped(message) { (bytes) throws(CryptoError) in try key.sm2Encrypt(bytes) }
        return try SM2Ciphertext(derRepresentation: der)
    }
}

extension AsymmetricPrivateKey where Scheme == SM2.Encryption {
    /// Decrypts `ciphertext`. Throws `CryptoError.authenticationFailure` for any ciphertext that
    /// does not decrypt under this key (wrong key, changed C1, C2 or C3), without saying which
    /// check failed.
    public func decrypt(_ ciphertext: SM2Ciphertext) throws -> SecureBytes {
        try ciphertext.derBytes.withBytes { (der) throws(CryptoError) in
            try key.sm2Decrypt(der, plaintextByteCount: ciphertext.c2.count)
        }
    }
}
