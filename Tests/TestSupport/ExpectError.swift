import Testing
import WalletCrypto

/// Runs `body`, which must throw an `E` with `code`; records an issue otherwise and returns the error.
@discardableResult
public func expectError<E: CodedError>(
    _ code: ErrorCode<E>, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> E? {
    do {
        try body()
        Issue.record("no error, expected \(code)", sourceLocation: sourceLocation)
    } catch let error as E {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
