/// SHA-384. Security contract: collision and preimage resistance at the 192-bit level.
public struct SHA384: HashFunction {
    /// `.sha384`.
    public static var algorithm: DigestAlgorithm { .sha384 }
    /// The running state.
    public var _state: DigestState
    /// Wraps a running state.
    public init(_state: DigestState) { self._state = _state }
}
