/// SHA-512. Security contract: collision and preimage resistance at the 256-bit level.
public struct SHA512: HashFunction {
    /// `.sha512`.
    public static var algorithm: DigestAlgorithm { .sha512 }
    /// The running state.
    public var _state: DigestState
    /// Wraps a running state.
    public init(_state: DigestState) { self._state = _state }
}
