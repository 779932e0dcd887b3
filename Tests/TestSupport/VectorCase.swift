import Foundation
import Testing
import WalletCrypto

/// One test case from a vector file, Wycheproof-style or a transcribed `testCases` list.
///
/// JSON scalars are kept as strings; `hex`, `int` and `string` read them.
public struct VectorCase: Sendable, CustomTestStringConvertible {
    /// What the vector file says must happen.
    public enum Expected: String, Sendable {
        case valid, invalid, acceptable
    }

    /// The file, relative to the upstream vectors folder.
    public let file: String
    public let tcId: Int
    public let comment: String
    public let flags: [String]
    public let expected: Expected
    /// The test's own scalar fields.
    public let fields: [String: String]
    /// The enclosing group's scalar fields (key sizes, IV sizes, tag sizes).
    public let group: [String: String]

    public var testDescription: String {
        "\(file.split(separator: "/").last ?? "") tcId \(tcId) (\(expected.rawValue))"
    }

    /// The named field of the test, or else of its group, as a string.
    public func string(_ name: String) throws -> String {
        guard let value = fields[name] ?? group[name] else {
            throw VectorFormatError("tcId \(tcId) has no field \(name)")
        }
        return value
    }

    /// The named field decoded from hex.
    public func hex(_ name: String) throws -> [UInt8] {
        try Hex.decode(try string(name))
    }

    /// The named field as an integer.
    public func int(_ name: String) throws -> Int {
        guard let value = Int(try string(name)) else {
            throw VectorFormatError("tcId \(tcId) field \(name) is not an integer")
        }
        return value
    }
}

/// A vector file that does not have the shape its test expects.
public struct VectorFormatError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
