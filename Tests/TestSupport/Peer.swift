import Foundation

/// Runs a command-line peer (openssl, oathtool) and returns its standard output as text.
public func runPeer(_ arguments: [String], input: [UInt8] = []) throws -> String {
    String(decoding: try runPeerBytes(arguments, input: input), as: UTF8.self)
}

/// Runs a command-line peer and returns its standard output; throws if it exits non-zero.
public func runPeerBytes(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
    let (status, output) = try runProgram(URL(fileURLWithPath: "/usr/bin/env"), arguments, input: input)
    guard status == 0 else {
        throw PeerFailure(description: "\(arguments.joined(separator: " ")) exited \(status)")
    }
    return output
}

/// Runs `executable` with `arguments` (and extra `environment` variables), feeding `input`, and
/// returns its exit status and standard output; standard error is discarded.
public func runProgram(
    _ executable: URL, _ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:]
) throws -> (status: Int32, output: [UInt8]) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = FileHandle.nullDevice
    try process.run()
    stdin.fileHandleForWriting.write(Data(input))
    try stdin.fileHandleForWriting.close()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, Array(output))
}

/// A peer program that exited with a failure status.
public struct PeerFailure: Error, CustomStringConvertible {
    public let description: String
}
