/// BLAKE2b-512 (RFC 7693). Security contract: 256-bit collision resistance; unkeyed here.
public struct BLAKE2b512: HashFunction {
    /// `.blake2b512`.
    public static var algorithm: DigestAlgorithm { .blake2b512 }
    /// The running state.
    public var _state: DigestState
    /// Wraps a running state.
    public init(_state: DigestState) { self._state = _state }
}
