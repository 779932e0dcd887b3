import Foundation

extension AES {
    /// AES key wrap (RFC 3394, NIST SP 800-38F "KW") for keys whose length is a multiple of 8 bytes,
    /// at least 16 bytes.
    ///
    /// Security contract: deterministic authenticated encryption of key material under a
    /// key-encryption key (KEK). Wrapping the same key twice gives the same output, which is fine for
    /// keys and wrong for messages: never wrap anything but uniformly random keys. Unwrapping checks
    /// the integrity block and fails with the generic `.authenticationFailure`.
    public enum KeyWrap {
        /// Wraps `key` under `kek` (128, 192 or 256 bits). Throws `CryptoError` `.invalidParameter` for a KEK of
        /// another size or a key that is not 16 or more bytes in multiples of 8.
        public static func wrap(_ key: SymmetricKey, using kek: SymmetricKey) throws -> [UInt8] {
            _ = try CipherRegistry.keyWrap(padded: false, keyByteCount: kek.byteCount)
            guard key.byteCount >= 16, key.byteCount % 8 == 0 else {
                throw CryptoError(
                    .invalidParameter,
                    "AES key wrap needs a key of at least 16 bytes in multiples of 8, got \(key.byteCount); use KeyWrapWithPadding"
                )
            }
            return try KeyWrapEngine.wrap(key, kek: kek, padded: false)
        }

        /// Unwraps `wrapped` under `kek`. Throws `CryptoError` `.authenticationFailure` for any wrapped input that
        /// does not verify, including one of an impossible length.
        public static func unwrap(_ wrapped: some DataProtocol, using kek: SymmetricKey) throws
            -> SymmetricKey
        {
            _ = try CipherRegistry.keyWrap(padded: false, keyByteCount: kek.byteCount)
            let bytes = Array(wrapped)
            guard bytes.count >= 24, bytes.count % 8 == 0 else { throw CryptoError.authenticationFailure }
            return try KeyWrapEngine.unwrap(bytes, kek: kek, padded: false)
        }
    }

    /// AES key wrap with padding (RFC 5649, NIST SP 800-38F "KWP") for keys of any length from 1 byte.
    ///
    /// Security contract: as `KeyWrap`, and the padding and length indicator are verified on unwrap.
    public enum KeyWrapWithPadding {
        /// Wraps `key` (1 byte or more) under `kek` (128, 192 or 256 bits).
        /// Throws `CryptoError`.
        public static func wrap(_ key: SymmetricKey, using kek: SymmetricKey) throws -> [UInt8] {
            _ = try CipherRegistry.keyWrap(padded: true, keyByteCount: kek.byteCount)
            guard key.byteCount >= 1 else {
                throw CryptoError(.invalidParameter, "AES key wrap with padding needs a key of at least 1 byte")
            }
            return try KeyWrapEngine.wrap(key, kek: kek, padded: true)
        }

        /// Unwraps `wrapped` under `kek`. Throws `CryptoError` `.authenticationFailure` for anything that does not verify.
        public static func unwrap(_ wrapped: some DataProtocol, using kek: SymmetricKey) throws
            -> SymmetricKey
        {
            _ = try CipherRegistry.keyWrap(padded: true, keyByteCount: kek.byteCount)
            let bytes = Array(wrapped)
            guard bytes.count >= 16, bytes.count % 8 == 0 else { throw CryptoError.authenticationFailure }
            return try KeyWrapEngine.unwrap(bytes, kek: kek, padded: true)
        }
    }
}
