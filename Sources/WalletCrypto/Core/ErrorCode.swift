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
    /// An error with `code` and a `reason` that must not contain secrets.
    init(_ code: ErrorCode<Self>, _ reason: String)
}

extension CodedError {
    /// `code: reason`, safe to log.
    public var description: String { "\(code): \(reason)" }

    /// Runs `body`, which calls untyped public API, inside typed internal code: an error of this
    /// type passes unchanged and any other error (another module's) becomes one with `code` and
    /// that error's reason, so a module's callers still see only its own error type.
    package static func narrowing<T>(_ code: ErrorCode<Self>, _ body: () throws -> T) throws(Self) -> T {
        do {
            return try body()
        } catch let error as Self {
            throw error
        } catch {
            throw Self(code, reasonOf(error))
        }
    }
}

/// The `reason` of a WalletCustody error, or the description of any other error; for messages
/// that wrap an error from another module.
package func reasonOf(_ error: any Error) -> String {
    (error as? any CodedError)?.reason ?? "\(error)"
}
