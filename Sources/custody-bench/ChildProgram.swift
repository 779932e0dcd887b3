import Foundation

/// Runs a reference program (python3, openssl) or this binary as a child process, for the rows whose
/// reference lives outside this process.
enum ChildProgram {
    /// Runs `arguments` through `/usr/bin/env` (or `executable` when given) and returns its standard
    /// output as text, trimmed; throws when it exits non-zero. Standard error is discarded.
    static func run(_ arguments: [String], executable: String = "/usr/bin/env") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(arguments.first ?? executable) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
