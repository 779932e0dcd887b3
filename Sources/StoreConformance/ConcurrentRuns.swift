import Foundation

/// Runs `body(0..<count)` on `count` threads at once and rethrows the first error.
enum ConcurrentRuns {
    static func run(_ count: Int, _ body: @Sendable (Int) throws -> Void) throws {
        let errors = ErrorBox()
        DispatchQueue.concurrentPerform(iterations: count) { index in
            do {
                try body(index)
            } catch {
                errors.record(error)
            }
        }
        if let error = errors.first { throw error }
    }

    private final class ErrorBox: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (any Error)?

        func record(_ error: any Error) { lock.withLock { if stored == nil { stored = error } } }
        var first: (any Error)? { lock.withLock { stored } }
    }
}
