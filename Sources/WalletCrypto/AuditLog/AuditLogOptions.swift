/// How a service's audit log is named and where it writes its checkpoints.
///
/// Security contract: `checkpointFile` should be somewhere the database's writer cannot rewrite
/// unnoticed (another volume, a file shipped off the machine); checkpoints there are what detect
/// entries cut from the end of the log. Without it, checkpoints are only returned by `checkpoint()`.
public struct AuditLogOptions: Sendable {
    /// The log's name in its checkpoints and the name its signing keys are under: 1 to 255 bytes
    /// of printable ASCII without spaces or '+', conventionally `<host>/<log>`.
    public var origin: String
    /// The file each checkpoint is appended to (created with mode 0600), or nil.
    public var checkpointFile: String?
    /// A checkpoint is written after every `checkpointInterval` entries (1 or more).
    public var checkpointInterval: Int

    /// A log named `origin` with no checkpoint file and a checkpoint every 1,000 entries.
    public init(origin: String, checkpointFile: String? = nil, checkpointInterval: Int = 1000) {
        self.origin = origin
        self.checkpointFile = checkpointFile
        self.checkpointInterval = checkpointInterval
    }
}
