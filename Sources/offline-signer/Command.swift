import Foundation
import OfflineSigner

/// One subcommand: its name, its help text and what it runs.
struct Command: Sendable {
    let name: String
    let summary: String
    let usage: String
    let run: @Sendable (ArraySlice<String>) throws -> Void

    /// Writes `bytes` to `path`, or to standard output for `-`.
    static func output(_ bytes: [UInt8], to path: String, what: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(bytes))
        } else {
            try FileAccess.write(bytes, to: path, what: what)
        }
    }

    /// Reads `path`, or standard input for `-`.
    static func input(_ path: String, what: String) throws -> [UInt8] {
        guard path == "-" else { return try FileAccess.read(path, what: what) }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard data.count <= 1 << 20 else {
            throw SignerError(.invalidFile, "the \(what) on standard input is over 1 MiB")
        }
        return Array(data)
    }

    /// Prints a JSON object with sorted keys.
    static func printJSON(_ object: [String: Any]) {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        print(String(decoding: data, as: UTF8.self))
    }
}
