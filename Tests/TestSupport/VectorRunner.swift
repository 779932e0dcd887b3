import Foundation

/// Runs vector cases against an implementation and decides pass, fail or skip.
///
/// A `check` closure performs the case. Returning normally means the implementation *accepted* the
/// input and produced the expected output; throwing `VectorSkip` skips the case with its reason;
/// throwing anything else means the implementation *rejected* it (an error or an output mismatch).
/// `valid` cases must be accepted, `invalid` ones rejected, and `acceptable` ones must match the
/// decision the policy table documents for their flags.
public struct VectorRunner: Sendable {
    /// The outcome of one case.
    public enum Outcome: Sendable, Equatable {
        case passed
        case failed(String)
        case skipped(String)
    }

    public typealias Check = @Sendable (VectorCase) throws -> Void

    public let file: VectorFile
    public let policy: AcceptablePolicy
    public let check: Check

    public init(_ file: VectorFile, policy: AcceptablePolicy = AcceptablePolicy(), check: @escaping Check) {
        self.file = file
        self.policy = policy
        self.check = check
    }

    /// The error code name the case's `expectedError` field asks for, if any.
    static func expectedError(_ testCase: VectorCase) -> String? { testCase.fields["expectedError"] }

    /// Runs one case.
    public func run(_ testCase: VectorCase) -> Outcome {
        let rejection: String?
        do {
            try check(testCase)
            rejection = nil
        } catch let skip as VectorSkip {
            return .skipped(skip.reason)
        } catch {
            rejection = "\(error)"
        }
        let mustAccept: Bool
        switch testCase.expected {
        case .valid: mustAccept = true
        case .invalid: mustAccept = false
        case .acceptable:
            guard let decision = policy.decision(for: testCase.flags) else {
                return .failed("acceptable case with flags \(testCase.flags) has no documented decision")
            }
            mustAccept = decision
        }
        switch (mustAccept, rejection) {
        case (false, .some(let reason)):
            // A project vector may name the error class a correct reader reports.
            if let expected = Self.expectedError(testCase), !reason.hasPrefix(expected + ":") {
                return .failed("rejected with \(reason), but the vector expects \(expected)")
            }
            return .passed
        case (true, nil): return .passed
        case (true, .some(let reason)): return .failed("rejected a case that must be accepted: \(reason)")
        case (false, nil): return .failed("accepted a case that must be rejected (flags \(testCase.flags))")
        }
    }

    /// Runs every case and tallies them.
    public func report() -> VectorReport {
        var report = VectorReport(file: file.path, missingReason: file.missingReason)
        for testCase in file.cases { report.record(testCase, run(testCase)) }
        return report
    }
}

/// Thrown by a check to skip a case; the reason is printed in the file's summary.
public struct VectorSkip: Error {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
}
