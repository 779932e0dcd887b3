import Foundation
import TestSupport
import Testing

/// Runs every upstream vector case as its own test case named by file and tcId, then reports
/// per-file counts with each skip's reason.
@Suite("Upstream vectors")
struct VectorTests {
    static let suite = VectorSuite(VectorCatalog.runners)

    @Test("vector case", arguments: suite.cases)
    func vectorCase(_ testCase: VectorCase) throws { try Self.suite.run(testCase) }

    @Test("vector file summary", arguments: suite.paths)
    func fileSummary(_ path: String) throws { try Self.suite.summarize(path) }

    /// `vectors/` is a public contract: every file in it must be assigned to a test module, and
    /// this module must read the files assigned to it.
    @Test func everyProjectVectorFileIsRead() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: VectorFile.projectFolder.path)
            .filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        for file in files {
            #expect(ProjectVectorOwners.owners[file] != nil, "vectors/\(file) is not assigned to a test module")
        }
        Self.suite.expectReadsFiles(of: "WalletCryptoTests")
    }
}
