/// A value bound to or read from an SQL statement.
enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    /// Keys bound as one PostgreSQL array, for `= ANY(?)` (`SQLConnection.rows(_:_:anyOf:then:)`);
    /// never bound on SQLite.
    case list([SQLValue])

    var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    var text: String? { if case .text(let value) = self { value } else { nil } }
    var blob: [UInt8]? {
        switch self {
        case .blob(let value): value
        // SQLite returns a zero-length blob as NULL.
        case .null: nil
        default: nil
        }
    }
}
