import Foundation
import OfflineSigner
import TestSupport
import Testing

/// Runs the built `offline-signer` binary, as a user or script would.
struct SignerCLI {
    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    /// The binary beside the test bundle in the build folder.
    static let binary: String = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if folder.lastPathComponent == "MacOS" || folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("offline-signer").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return folder.appendingPathComponent("offline-signer").path
    }()

    let folder: URL

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Writes `text` to a file in the folder and returns its path.
    @discardableResult
    func file(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        return path(name)
    }

    func run(_ arguments: [String], wrapper: [String] = [], stdin: String = "") throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrapper.isEmpty ? Self.binary : "/usr/bin/env")
        process.arguments = wrapper.isEmpty ? arguments : wrapper + [Self.binary] + arguments
        process.currentDirectoryURL = folder
        let input = Pipe()
        let output = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self))
    }

    /// Runs a command that must succeed and returns its standard output.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments)
        #expect(result.status == 0, "\(arguments): \(result.error)", sourceLocation: sourceLocation)
        return result.output
    }

    /// Runs a command that must fail with `status`, one sentence on stderr, and leave `output` absent.
    func fails(
        _ arguments: [String], status: Int32, mentioning words: String, leavesNo output: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try run(arguments)
        #expect(
            result.status == status, "\(arguments) exited \(result.status): \(result.error)",
            sourceLocation: sourceLocation)
        let lines = result.error.split(separator: "\n")
        #expect(
            lines.count == 1 && lines[0].hasPrefix("offline-signer: ") && lines[0].hasSuffix("."), "\(result.error)",
            sourceLocation: sourceLocation)
        #expect(result.error.localizedCaseInsensitiveContains(words), "\(result.error)", sourceLocation: sourceLocation)
        if let output {
            #expect(
                !FileManager.default.fileExists(atPath: path(output)), "\(output) was left behind",
                sourceLocation: sourceLocation)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0.contains(".tmp")
            }
            #expect(leftovers.isEmpty, "temporary files left: \(leftovers)", sourceLocation: sourceLocation)
        }
    }

    /// A keystore `name` with passphrase file `name.pass`, Ed25519 unless told.
    func keystore(_ name: String, algorithm: String = "ed25519", extra: [String] = []) throws -> (String, String) {
        let passphrase = try file("\(name).pass", "correct horse \(name)\n")
        try ok(
            [
                "init", "--keystore", path(name), "--algorithm", algorithm, "--passphrase-file", passphrase,
                "--insecure-fast-kdf",
            ]
                + extra)
        try ok(["pubkey", "--keystore", path(name), "-o", path("\(name).pem")])
        return (path(name), passphrase)
    }

    /// The header line of a payment-batch-v1 file.
    static let batchHeader = "end_to_end_id,payee_name,payee_account,amount,currency,remittance\n"

    /// A request for one payment-batch-v1 payload: two payments to ACME Ltd, `amount` and 250.00 EUR.
    func request(
        _ name: String, payload: String = "payload.csv", amount: String = "1000.00", extra: [String] = []
    ) throws -> String {
        if !FileManager.default.fileExists(atPath: path(payload)) {
            try file(
                payload,
                Self.batchHeader + "E2E-1,ACME Ltd,iban:DE89370400440532013000,\(amount),EUR,Invoice 1\n"
                    + "E2E-2,ACME Ltd,iban:DE89370400440532013000,250.00,EUR,Invoice 2\n")
        }
        try ok(
            [
                "request", "--kind", "payout-batch", "--format",
                payload.hasSuffix(".csv") ? "payment-batch-v1" : "file",
                "--expires-in", "1h",
                "--purpose", "test run", "-o", path(name), path(payload),
            ] + extra)
        return path(name)
    }
}
