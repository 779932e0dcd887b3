/// SHA-256. Security contract: collision and preimage resistance at the 128-bit level.
public struct SHA256: HashFunction {
    /// `.sha256`.
    public static var algorithm: DigestAlgorithm { .sha256 }
    /// The running state.
    public var _state: DigestState
    /// Wraps a running state.
    public init(_state: DigestState) { self._state = _state }
}
