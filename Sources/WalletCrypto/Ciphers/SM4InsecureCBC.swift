import Foundation

extension SM4 {
    /// SM4-CBC with PKCS#7 padding (`openssl enc -sm4-cbc`), for exchanging data with systems that
    /// already use it. UNAUTHENTICATED.
    ///
    /// Security contract: confidentiality only, and only with an unpredictable IV that is never
    /// reused under one key. There is no integrity: anyone can change the ciphertext, flip chosen
    /// bits of the plaintext by flipping the IV, or truncate it. A service that tells its clients
    /// whether padding was valid is a padding oracle that decrypts everything; decryption failures
    /// are therefore the one generic `.authenticationFailure`, and callers must not reveal them
    /// either. New designs use `SM4.GCM`.
    public enum InsecureCBC {
        /// The IV length: one 16-byte block.
        public static let ivByteCount = 16

        /// Encrypts `message` (any length, padded with PKCS#7 to a multiple of 16 bytes) under a
        /// 128-bit `key` with the 16-byte `iv`. The output is the ciphertext only, without the IV.
        /// Throws `CryptoError` `.invalidParameter` for a key or IV of the wrong size.
        public static func encrypt(_ message: some DataProtocol, using key: SymmetricKey, iv: some DataProtocol)
            throws -> [UInt8]
        {
            try SM4BlockModes.cbc(encrypt: true, Array(message), key: key, iv: Array(iv))
        }

        /// Decrypts `ciphertext` (a non-empty multiple of 16 bytes) and removes its PKCS#7 padding.
        /// Throws `CryptoError` `.invalidParameter` for a key or IV of the wrong size,
        /// `.invalidEncoding` for a length that is not a non-empty multiple of 16, and
        /// `.authenticationFailure` for bad padding. Success proves nothing about who made the data.
        public static func decrypt(_ ciphertext: some DataProtocol, using key: SymmetricKey, iv: some DataProtocol)
            throws -> [UInt8]
        {
            try SM4BlockModes.cbc(encrypt: false, Array(ciphertext), key: key, iv: Array(iv))
        }
    }
}
