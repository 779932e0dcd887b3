import Foundation

/// A new empty folder under the system's temporary directory, removed when `body` returns.
public func withTemporaryFolder<T>(_ prefix: String, _ body: (URL) throws -> T) throws -> T {
    let folder = try makeTemporaryFolder(prefix)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
}

/// The same, for asynchronous tests.
public func withTemporaryFolder<T>(_ prefix: String, _ body: (URL) async throws -> T) async throws -> T {
    let folder = try makeTemporaryFolder(prefix)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
}

private func makeTemporaryFolder(_ prefix: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}
