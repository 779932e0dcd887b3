/// ChaCha20-Poly1305 (RFC 8439) with 12-byte nonces; see `AEADScheme` for the contract.
///
/// Security contract: constant-time in software on every CPU, unlike AES without hardware support.
public enum ChaChaPoly: AEADScheme {
    /// `.chaChaPoly`.
    @inlinable public static var algorithm: AEADAlgorithm { .chaChaPoly }
}
