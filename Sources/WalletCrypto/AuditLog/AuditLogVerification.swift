/// What `AuditLog.verify` established.
///
/// Security contract: a result is returned only when every check passed; anything else throws.
/// `entriesUnderUnloadedKeys` counts entries whose MAC could not be checked because their KEK
/// version is no longer loaded: those rest on the checkpoints alone.
public struct AuditLogVerification: Sendable, Equatable {
    /// The number of entries.
    public let size: UInt64
    /// The RFC 9162 root of all of them.
    public let rootHash: [UInt8]
    /// How many signed checkpoints the log was shown consistent with.
    public let checkpointsVerified: Int
    /// The largest checkpoint size among them (0 when none).
    public let largestCheckpointSize: UInt64
    /// Entries whose MAC was not checked because their key version is not loaded.
    public let entriesUnderUnloadedKeys: UInt64
}
