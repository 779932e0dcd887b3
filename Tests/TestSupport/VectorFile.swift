import Foundation

/// A vector file under `../shared/vectors/upstream/`, loaded in place.
///
/// When the folder is absent (a user's fresh clone), `cases` is empty and `missingReason` says why,
/// so the summary test reports the whole file as skipped instead of failing.
public struct VectorFile: Sendable {
    /// The path relative to the upstream vectors folder.
    public let path: String
    /// Every case in file order, or none when the file is absent.
    public let cases: [VectorCase]
    /// Why the file could not be read, if it could not.
    public let missingReason: String?

    /// `casesKey` names the top-level array of cases for files that are neither Wycheproof
    /// (`testGroups`) nor a plain `testCases` list, such as `sm/sm2.json`'s `signature`.
    public init(_ path: String, casesKey: String = "testCases", inProject: Bool = false) {
        // A file read twice for two case lists (sm/sm4.json's block and AEAD cases) gets two names.
        let name = casesKey == "testCases" ? path : "\(path)#\(casesKey)"
        self.path = inProject ? "vectors/\(name)" : name
        let url = (inProject ? VectorFile.projectFolder : VectorFile.upstreamFolder).appendingPathComponent(path)
        do {
            let data = try Data(contentsOf: url)
            cases = try VectorFile.parse(data, file: self.path, casesKey: casesKey)
            missingReason = nil
        } catch let error as VectorFormatError {
            cases = []
            missingReason = "unreadable: \(error.description)"
        } catch {
            cases = []
            missingReason = "not found at \(url.path)"
        }
    }

    /// `$WALLETCUSTODY_UPSTREAM_VECTORS`, or `../shared/vectors/upstream` beside the repository.
    public static let upstreamFolder: URL = {
        if let path = ProcessInfo.processInfo.environment["WALLETCUSTODY_UPSTREAM_VECTORS"] {
            return URL(fileURLWithPath: path)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors/upstream")
    }()

    /// This repository's own published vectors.
    public static let projectFolder = repositoryRoot.appendingPathComponent("vectors")

    /// The repository root, found from this source file's location (Tests/TestSupport/…).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func parse(_ data: Data, file: String, casesKey: String) throws -> [VectorCase] {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw VectorFormatError("\(file) is not a JSON object")
        }
        if let groups = root["testGroups"] as? [[String: Any]] {
            return try groups.flatMap { group in
                let groupFields = scalars(group)
                guard let tests = group["tests"] as? [[String: Any]] else {
                    throw VectorFormatError("group without tests")
                }
                return try tests.map { try makeCase($0, group: groupFields, file: file, index: nil) }
            }
        }
        if let tests = root[casesKey] as? [[String: Any]] {
            return try tests.enumerated().map { try makeCase($1, group: [:], file: file, index: $0 + 1) }
        }
        throw VectorFormatError("\(file) has neither testGroups nor \(casesKey)")
    }

    private static func makeCase(_ test: [String: Any], group: [String: String], file: String, index: Int?) throws
        -> VectorCase
    {
        let fields = scalars(test)
        guard let tcId = (test["tcId"] as? Int) ?? (test["case"] as? Int) ?? index else {
            throw VectorFormatError("a case in \(file) has no tcId")
        }
        let expected = VectorCase.Expected(rawValue: fields["result"] ?? "valid")
        guard let expected else { throw VectorFormatError("tcId \(tcId) has an unknown result") }
        return VectorCase(
            file: file, tcId: tcId, comment: fields["comment"] ?? fields["name"] ?? "",
            flags: test["flags"] as? [String] ?? [], expected: expected, fields: fields, group: group)
    }

    private static func scalars(_ object: [String: Any]) -> [String: String] {
        object.compactMapValues { value in
            switch value {
            case let string as String: string
            case let number as NSNumber: number.stringValue
            default: nil
            }
        }
    }
}
