import Foundation

extension SM4 {
    /// SM4-CTR (`openssl enc -sm4-ctr`): the 16-byte initial counter block is incremented as one
    /// 128-bit big-endian integer per block. For exchanging data with systems that already use it.
    /// UNAUTHENTICATED.
    ///
    /// Security contract: confidentiality only, and only if no counter block is ever used twice
    /// under one key; one reuse reveals the XOR of two plaintexts. There is no integrity: flipping
    /// a ciphertext bit flips the same plaintext bit. New designs use `SM4.GCM`.
    public enum InsecureCTR {
        /// The initial counter block length: 16 bytes.
        public static let counterByteCount = 16

        /// XORs `data` with the SM4 key stream that starts at `counter`, under a 128-bit `key`.
        /// Encryption and decryption are the same operation. Throws `CryptoError`
        /// `.invalidParameter` for a key or counter block of the wrong size.
        public static func apply(_ data: some DataProtocol, using key: SymmetricKey, counter: some DataProtocol)
            throws -> [UInt8]
        {
            try SM4BlockModes.ctr(Array(data), key: key, counter: Array(counter))
        }
    }
}
