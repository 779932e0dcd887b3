/// A stable, comparable error category; each module's error type has its own family of codes.
///
/// Security contract: a code classifies parameters and outcomes only and never carries data.
public struct ErrorCode<Domain>: Hashable, Sendable, CustomStringConvertible {
    let name: String

    /// A code named `name`; each module declares its codes as static members for its error type.
    package init(_ name: String) { self.name = name }

    /// The code's name, for logs.
    public var description: String { name }
}

/// The shape every WalletCustody error type shares: a code and one sentence of reason.
///
/// Security contract: conforming types keep secrets, codes, card numbers and stored values out of
/// `reason`, so `description` is always safe to log.
public protocol CodedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of this error.
    var code: ErrorCode<Self> { get }
    /// One sentence saying what was wrong.
    var reason: String { get }
}

extension CodedError {
    /// `code: reason`, safe to log.
    public var description: String { "\(code): \(reason)" }
}
