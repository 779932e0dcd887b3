/// SM3 (GB/T 32905-2016). Security contract: 128-bit collision resistance; required by e-CNY and other GM/T deployments.
public struct SM3: HashFunction {
    /// `.sm3`.
    public static var algorithm: DigestAlgorithm { .sm3 }
    /// The running state.
    public var _state: DigestState
    /// Wraps a running state.
    public init(_state: DigestState) { self._state = _state }
}
