import TestSupport
import Testing

/// Runs every upstream vector case as its own test case named by file and tcId, then reports
/// per-file counts with each skip's reason.
@Suite("Upstream vectors")
struct VectorTests {
    @Test("vector case", arguments: VectorCatalog.allCases)
    func vectorCase(_ testCase: VectorCase) throws {
        let runner = try #require(VectorCatalog.runner(for: testCase))
        if case .failed(let reason) = runner.run(testCase) {
            Issue.record("\(testCase.file) tcId \(testCase.tcId): \(reason)")
        }
    }

    @Test("vector file summary", arguments: VectorCatalog.runners.map(\.file.path))
    func fileSummary(_ path: String) throws {
        let runner = try #require(VectorCatalog.runners.first { $0.file.path == path })
        let report = runner.report()
        print(report)
        #expect(report.failures.isEmpty, "\(report)")
        if report.missingReason == nil {
            #expect(report.passed > 0)
        }
    }
}
