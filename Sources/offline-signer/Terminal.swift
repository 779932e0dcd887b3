import Foundation
import Glibc
import OfflineSigner
import WalletCrypto

/// Terminal input and output: passphrases with echo off, typed confirmations, progress on stderr.
enum Terminal {
    /// Reads a passphrase from `file` (first line), or from the terminal with echo off.
    static func passphrase(file: String?, prompt: String, confirm: Bool = false) throws -> SecureBytes {
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

    /// Asks the person at the terminal to type `expected`, up to three times, so a typing mistake
    /// does not mean hashing the payloads again; refuses when there is no terminal. The answer is
    /// compared as bytes.
    static func confirm(_ question: String, expected: String) throws {
        let tty = try openTerminal()
        defer { fclose(tty) }
        for attempt in 1...3 {
            fputs(question, tty)
            fflush(tty)
            guard let answer = readLine(tty) else { break }
            if answer.trimmingCharacters(in: .whitespaces).utf8.elementsEqual(expected.utf8) { return }
            if attempt < 3 { fputs("That does not match; try again (\(3 - attempt) left).\n", tty) }
        }
        throw SignerError(.notConfirmed, "the confirmation was not given, so nothing was signed")
    }

    /// The width of the terminal on standard output, or 80 when it is not a terminal.
    static func width() -> Int {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else {
            return 80
        }
        return Int(size.ws_col)
    }

    /// A progress line on stderr with rate and time left, only when stderr is a terminal and the
    /// work has taken a second, redrawn at most ten times a second.
    final class Progress {
        private let start = Date()
        private var shown = false
        private var lastDraw = Date.distantPast

        func update(_ label: String, _ done: UInt64, _ total: UInt64) {
            guard isatty(STDERR_FILENO) == 1 else { return }
            let now = Date()
            let elapsed = now.timeIntervalSince(start)
            guard elapsed > 1 || shown else { return }
            guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            shown = true
            lastDraw = now
            let percent = total == 0 ? 100 : Int(done * 100 / total)
            let bar = String(repeating: "#", count: percent / 4) + String(repeating: ".", count: 25 - percent / 4)
            let rate = Double(done) / max(elapsed, 0.001)
            let left = rate > 0 ? Int((Double(total - min(done, total)) / rate).rounded(.up)) : 0
            let line = String(
                format: "\r%@ [%@] %3d%%  %.1f MiB/s  ETA %d:%02d  ", String(label.prefix(40)), bar, percent,
                rate / 1_048_576, left / 60, left % 60)
            FileHandle.standardError.write(Data((line + (done == total ? "\n" : "")).utf8))
        }
    }

    private static func readHidden(_ prompt: String) throws -> SecureBytes {
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

    private static func openTerminal() throws -> UnsafeMutablePointer<FILE> {
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
