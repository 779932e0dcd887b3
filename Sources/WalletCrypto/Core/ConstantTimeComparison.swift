/// Comparison of secret-dependent bytes for modules built on WalletCrypto (OTP codes, tokens).
///
/// Security contract: the running time depends only on the two lengths, never on the bytes or
/// on where they first differ (OpenSSL's `CRYPTO_memcmp`). Unequal lengths return false at once,
/// so lengths must not be secret.
public enum ConstantTimeComparison {
    /// Whether `a` and `b` hold the same bytes.
    @inlinable
    public static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        ConstantTime.equals(a, b)
    }
}
