import Foundation
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

    /// `vectors/` is a public contract: every file in it must be read by some test.
    @Test func everyProjectVectorFileIsRead() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: VectorFile.projectFolder.path)
            .filter { $0.hasSuffix(".json") }
        let read = Set(VectorCatalog.runners.map(\.file.path))
        #expect(!files.isEmpty)
        for file in files {
            #expect(ProjectVectorOwners.owners[file] != nil, "vectors/\(file) is not assigned to a test module")
        }
        for file in ProjectVectorOwners.files(of: "WalletCryptoTests") {
            #expect(read.contains(file), "\(file) is not read by any test")
        }
        let projectFailures = VectorCatalog.runners.filter {
            $0.file.path.hasPrefix("vectors/") && $0.file.missingReason != nil
        }
        #expect(projectFailures.isEmpty, "a project vector file could not be read")
    }
}
