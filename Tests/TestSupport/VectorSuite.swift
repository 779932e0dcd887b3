import Testing

/// The shared body of every vector test suite: one test case per vector, one summary per file, and
/// the check that a module reads every `vectors/` file assigned to it.
public struct VectorSuite: Sendable {
    /// The files and their checks.
    public let runners: [VectorRunner]

    public init(_ runners: [VectorRunner]) { self.runners = runners }

    /// Every case of every file, for a parameterised test.
    public var cases: [VectorCase] { runners.flatMap { $0.file.cases } }

    /// Every file's path, for a parameterised summary test.
    public var paths: [String] { runners.map(\.file.path) }

    /// Runs one case with its file's check and records a failure.
    public func run(_ testCase: VectorCase, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let runner = try #require(runners.first { $0.file.path == testCase.file }, sourceLocation: sourceLocation)
        if case .failed(let reason) = runner.run(testCase) {
            Issue.record("\(testCase.file) tcId \(testCase.tcId): \(reason)", sourceLocation: sourceLocation)
        }
    }

    /// Prints a file's counts and expects no failures and, when the file was found, some passes.
    public func summarize(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try #require(runners.first { $0.file.path == path }, sourceLocation: sourceLocation).report()
        print(report)
        #expect(report.failures.isEmpty, "\(report)", sourceLocation: sourceLocation)
        if report.missingReason == nil { #expect(report.passed > 0, sourceLocation: sourceLocation) }
        if path.hasPrefix("vectors/") {
            #expect(
                report.missingReason == nil, "a project vector file could not be read", sourceLocation: sourceLocation)
        }
    }

    /// Expects `module` to read every `vectors/` file `ProjectVectorOwners` assigns to it.
    public func expectReadsFiles(of module: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let read = Set(paths)
        for file in ProjectVectorOwners.files(of: module) {
            #expect(read.contains(file), "\(file) is not read by any test", sourceLocation: sourceLocation)
        }
    }
}
