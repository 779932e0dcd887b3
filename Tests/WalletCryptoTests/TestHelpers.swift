import Dispatch
import Foundation
import WalletCrypto

/// `DispatchData` made of several separate regions, to exercise discontiguous `DataProtocol` input.
func discontiguous(_ bytes: [UInt8], pieces: Int = 3) -> DispatchData {
    var data = DispatchData.empty
    let size = max(1, (bytes.count + pieces - 1) / pieces)
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + size)
        bytes[start..<end].withUnsafeBytes { data.append(DispatchData(bytes: $0)) }
        start = end
    }
    return data
}

func keyBytes(_ key: SymmetricKey) -> [UInt8] { key.withUnsafeBytes { Array($0) } }

/// Runs a command-line peer (openssl, oathtool) and returns its standard output as text.
func runPeer(_ arguments: [String], input: [UInt8] = []) throws -> String {
    String(decoding: try runPeerBytes(arguments, input: input), as: UTF8.self)
}

/// Runs a command-line peer and returns its standard output; throws if it exits non-zero.
func runPeerBytes(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
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
    guard process.terminationStatus == 0 else {
        throw CryptoError(.backendFailure, "\(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
    }
    return Array(output)
}
