/// One row of the report: the same work done through WalletCrypto and directly through OpenSSL.
struct Benchmark {
    typealias Operation = () throws -> Void

    let name: String
    /// The input as shown in the table, e.g. "16 KiB" or "32 B key".
    let inputLabel: String
    /// Bytes processed per operation when MB/s is meaningful; nil for fixed-work rows such as KDFs.
    let throughputByteCount: Int?
    let goal: Goal?
    /// Builds both sides and checks they produce the same bytes. It runs only for selected rows,
    /// so a filtered run allocates and verifies nothing else.
    let prepare: () throws -> (wallet: Operation, direct: Operation)
    /// For a reference outside this process (pyotp), its operations per second, measured once;
    /// the row's direct operation is then ignored.
    let externalRate: (() throws -> Double)?

    /// A row over `size` bytes of input, shown in MB/s as well as ops/s.
    init(
        _ name: String, size: Int, goal: Goal? = nil, externalRate: (() throws -> Double)? = nil,
        prepare: @escaping () throws -> (wallet: Operation, direct: Operation)
    ) {
        self.init(
            name, inputLabel: Benchmark.label(size), throughputByteCount: size, goal: goal, externalRate: externalRate,
            prepare: prepare)
    }

    init(
        _ name: String, inputLabel: String, throughputByteCount: Int? = nil, goal: Goal? = nil,
        externalRate: (() throws -> Double)? = nil,
        prepare: @escaping () throws -> (wallet: Operation, direct: Operation)
    ) {
        self.externalRate = externalRate
        self.name = name
        self.inputLabel = inputLabel
        self.throughputByteCount = throughputByteCount
        self.goal = goal
        self.prepare = prepare
    }

    static func label(_ size: Int) -> String {
        if size >= 1 << 20 && size % (1 << 20) == 0 { return "\(size >> 20) MiB" }
        if size >= 1 << 10 && size % (1 << 10) == 0 { return "\(size >> 10) KiB" }
        return "\(size) B"
    }
}
