import Foundation
import Glibc

/// This test binary re-run in a child process with one probe test selected (by the
/// `WALLETCUSTODY_PG_PROBE` variable and `--filter`), talking to the parent by lines: the parent
/// writes to its standard input; the probe answers with `say`, whose lines start with a marker
/// so they stand apart from the test library's own output.
final class ProbeProcess {
    private static let marker = "probe: "
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer: [UInt8] = []

    /// Starts the probe test `suite/probe`.
    init(_ probe: String, in suite: String = "PostgresProcessTests", _ environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--testing-library", "swift-testing", "--filter", "\(suite)/\(probe)"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            .merging([PostgresProcessTests.probeVariable: probe]) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    var identifier: Int32 { process.processIdentifier }

    /// One line for the probe.
    func send(_ line: String) { input.fileHandleForWriting.write(Data(line.utf8)) }

    /// The next probe line, without the marker; nil when the probe's output ended.
    func nextLine() -> String? {
        while true {
            if let end = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeSubrange(...end)
                if line.hasPrefix(Self.marker) { return String(line.dropFirst(Self.marker.count)) }
                continue
            }
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { return nil }
            buffer.append(contentsOf: data)
        }
    }

    /// The number in the next line, which must read `word N`.
    func report(_ word: String) throws -> Int {
        guard let line = nextLine(), line.hasPrefix(word + " "), let value = Int(line.dropFirst(word.count + 1)) else {
            throw ProbeFailure("the probe did not report \(word)")
        }
        return value
    }

    /// Closes the probe's input, reads the rest of its lines and waits for it to exit.
    @discardableResult
    func finish() throws -> [String] {
        try? input.fileHandleForWriting.close()
        var lines: [String] = []
        while let line = nextLine() { lines.append(line) }
        process.waitUntilExit()
        return lines
    }

    /// Kills the probe at once, as a crashed node.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Written by the probe: one line to the parent, flushed at once.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((marker + line + "\n").utf8))
    }

    struct ProbeFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
