import Foundation
import Glibc
import OfflineSigner
import WalletCrypto

/// Terminal input and output: passphrases with echo off, typed confirmations, progress on stderr.
enum Terminal {
    /// Reads a passphrase from `file` (first line), or from the terminal with echo off.
    static func passphrase(file: String?, prompt: String, confirm: Bool = false) throws(SignerError) -> SecureBytes {
        if let file {
            // Read into one fixed buffer that is wiped afterwards, so no copy of the passphrase is
            // left in freed memory.
            let descriptor = open(file, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw SignerError(
                    .invalidFile, "cannot read the passphrase file \(file): \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: 4096)
            defer { buffer.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw SignerError(.invalidFile, "cannot read the passphrase file \(file)") }
            let line = buffer[..<count].prefix { $0 != 0x0A }
            guard !line.isEmpty else { throw SignerError(.invalidFile, "the passphrase file \(file) is empty") }
            return SecureBytes(line)
        }
        let first = try readHidden(prompt)
        if confirm {
            let second = try readHidden("Repeat the passphrase: ")
            guard first == second else { throw SignerError(.usage, "the two passphrases differ") }
        }
        return first
    }

    /// Asks the person at the terminal to type `expected`; refuses when there is no terminal.
    static func confirm(_ question: String, expected: String) throws(SignerError) {
        let tty = try openTerminal()
        defer { fclose(tty) }
        fputs(question, tty)
        fflush(tty)
        guard let answer = readLine(tty), answer.trimmingCharacters(in: .whitespaces) == expected else {
            throw SignerError(.notConfirmed, "the confirmation was not given, so nothing was signed")
        }
    }

    /// A progress line on stderr, only when stderr is a terminal and the work has taken a second.
    final class Progress {
        private let start = Date()
        private var shown = false

        func update(_ label: String, _ done: UInt64, _ total: UInt64) {
            guard isatty(STDERR_FILENO) == 1, Date().timeIntervalSince(start) > 1 || shown else { return }
            shown = true
            let percent = total == 0 ? 100 : Int(done * 100 / total)
            let bar = String(repeating: "#", count: percent / 4) + String(repeating: ".", count: 25 - percent / 4)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)%  \(done == total ? "\n" : "")".utf8))
        }
    }

    private static func readHidden(_ prompt: String) throws(SignerError) -> SecureBytes {
        let tty = try openTerminal()
        defer { fclose(tty) }
        let descriptor = fileno(tty)
        var original = termios()
        guard tcgetattr(descriptor, &original) == 0 else {
            throw SignerError(.usage, "cannot switch the terminal's echo off; use --passphrase-file")
        }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(descriptor, TCSAFLUSH, &silent)
        defer {
            tcsetattr(descriptor, TCSAFLUSH, &original)
            fputs("\n", tty)
        }
        fputs(prompt, tty)
        fflush(tty)
        // Unbuffered, and with room reserved, so the line is not copied into buffers freed unwiped.
        setvbuf(tty, nil, _IONBF, 0)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        defer { bytes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        while true {
            let character = getc(tty)
            if character == EOF || character == 0x0A || bytes.count == 1024 { break }
            bytes.append(UInt8(truncatingIfNeeded: character))
        }
        guard !bytes.isEmpty else { throw SignerError(.usage, "an empty passphrase is not accepted") }
        return SecureBytes(bytes)
    }

    private static func openTerminal() throws(SignerError) -> UnsafeMutablePointer<FILE> {
        guard let tty = fopen("/dev/tty", "r+") else {
            throw SignerError(
                .notConfirmed, "there is no terminal to ask on; use --passphrase-file and --yes in scripts")
        }
        return tty
    }

    private static func readLine(_ file: UnsafeMutablePointer<FILE>) -> String? {
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        guard getline(&line, &capacity, file) > 0, let line else { return nil }
        return String(cString: line).trimmingCharacters(in: .newlines)
    }
}
