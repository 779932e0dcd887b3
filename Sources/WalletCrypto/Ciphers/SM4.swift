/// The SM4 block cipher (GB/T 32907-2016, 128-bit key and block) in the modes WalletCrypto offers.
///
/// Security contract: `SM4.GCM` and `SM4.CCM` are authenticated (see `AEADScheme`) and are the
/// modes to use. `SM4.InsecureCBC` and `SM4.InsecureCTR` exist only to exchange data with systems
/// that already use them: they give no integrity at all. SM4 here is OpenSSL 3.0's table-based C
/// implementation, which is not constant-time against cache-timing attacks by a co-resident
/// attacker (`docs/shangmi.md`).
public enum SM4 {
    /// SM4-GCM (RFC 8998) with a 128-bit key, 12-byte nonces and 16-byte tags; see `AEADScheme`.
    /// Messages are limited to 2^36 − 32 bytes, as for any GCM.
    public enum GCM: AEADScheme {
        /// `.sm4GCM`.
        @inlinable public static var algorithm: AEADAlgorithm { .sm4GCM }
    }

    /// SM4-CCM (RFC 8998) with a 128-bit key, 12-byte nonces and 16-byte tags; see `AEADScheme`.
    /// A 12-byte nonce leaves a 3-byte length field, so a message has at most 2^24 − 1 bytes
    /// (`.invalidParameter` beyond). Prefer `SM4.GCM` unless a peer requires CCM.
    public enum CCM: AEADScheme {
        /// `.sm4CCM`.
        @inlinable public static var algorithm: AEADAlgorithm { .sm4CCM }
    }
}
