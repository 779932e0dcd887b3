/// Algorithms kept only for interoperability with standards that still require them.
///
/// Security contract: nothing in this namespace is collision resistant. Use it only where a
/// standard mandates it (HOTP/TOTP, PBKDF2-HMAC-SHA1 in legacy formats); grep for `Insecure` in review.
public enum Insecure {
    /// SHA-1. Broken for collisions; acceptable inside HMAC for HOTP/TOTP, never for signatures.
    public struct SHA1: HashFunction {
        /// `.insecureSHA1`.
        public static var algorithm: DigestAlgorithm { .insecureSHA1 }
        /// The running state.
        public var _state: DigestState
        /// Wraps a running state.
        public init(_state: DigestState) { self._state = _state }
    }
}
