/// What a conformance check throws when the store under test breaks the contract.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// One sentence: which property failed and how.
    public let description: String

    /// A failure saying `description`.
    public init(_ description: String) { self.description = description }

    /// Throws unless `condition` holds.
    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(message()) }
    }

    /// Throws unless `body` throws.
    static func expectThrows(_ message: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            return
        }
        throw ConformanceFailure(message)
    }
}
