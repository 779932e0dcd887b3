/// The AES constructions: GCM, key wrap (RFC 3394) and key wrap with padding (RFC 5649).
///
/// Security contract: see each member. Raw block-cipher modes without authentication are not offered.
public enum AES {
    /// AES-GCM with 16-byte tags; see `AEADScheme` for the contract.
    public enum GCM: AEADScheme {
        /// `.aesGCM`.
        @inlinable public static var algorithm: AEADAlgorithm { .aesGCM }
    }
}
