/// SHA3-256 (FIPS 202). Security contract: 128-bit collision resistance, no length extension.
public struct SHA3_256: HashFunction {
    /// `.sha3_256`.
    public static var algorithm: DigestAlgorithm { .sha3_256 }
    /// The running state.
    public var _state: DigestState
    /// Wraps a running state.
    public init(_state: DigestState) { self._state = _state }
}
