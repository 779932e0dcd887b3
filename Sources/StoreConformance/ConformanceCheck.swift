/// One property of a store protocol, checked against a store. `run` gets `open`, which returns
/// a store (a new connection or object each call) on the one empty database the check may use;
/// give each check a database of its own.
public struct ConformanceCheck<Store>: Sendable {
    /// What the check shows, as a short sentence.
    public let name: String
    private let body: @Sendable (_ open: () throws -> Store) throws -> Void

    init(_ name: String, _ body: @escaping @Sendable (_ open: () throws -> Store) throws -> Void) {
        self.name = name
        self.body = body
    }

    /// Runs the check; throws `ConformanceFailure` (or the store's own error) when it fails.
    public func run(_ open: () throws -> Store) throws { try body(open) }
}

extension ConformanceCheck: CustomStringConvertible {
    /// The check's name, so test reports list it.
    public var description: String { name }
}
