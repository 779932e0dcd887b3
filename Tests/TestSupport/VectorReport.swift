/// Per-file counts of passed, failed and skipped cases, with each skip's reason.
public struct VectorReport: Sendable, CustomStringConvertible {
    public let file: String
    public let missingReason: String?
    public private(set) var passed = 0
    public private(set) var failures: [(tcId: Int, reason: String)] = []
    public private(set) var skips: [String: Int] = [:]

    init(file: String, missingReason: String?) {
        self.file = file
        self.missingReason = missingReason
    }

    mutating func record(_ testCase: VectorCase, _ outcome: VectorRunner.Outcome) {
        switch outcome {
        case .passed: passed += 1
        case .failed(let reason): failures.append((testCase.tcId, reason))
        case .skipped(let reason): skips[reason, default: 0] += 1
        }
    }

    public var skipped: Int { skips.values.reduce(0, +) }

    public var description: String {
        if let missingReason { return "vectors \(file): SKIPPED whole file: \(missingReason)" }
        var lines = ["vectors \(file): \(passed) passed, \(failures.count) failed, \(skipped) skipped"]
        for (reason, count) in skips.sorted(by: { $0.key < $1.key }) { lines.append("  skipped \(count): \(reason)") }
        for failure in failures.prefix(20) { lines.append("  FAILED tcId \(failure.tcId): \(failure.reason)") }
        return lines.joined(separator: "\n")
    }
}
