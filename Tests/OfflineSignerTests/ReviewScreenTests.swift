import Foundation
import TestSupport
import Testing

/// The review as a person sees it: the real CLI runs on a pseudo-terminal of 40, 80 and 120
/// columns, and its output is rendered by a terminal emulator (PyPI `pyte`). Every row that looks
/// like a label must be one the signer wrote, whatever the payee text tries.
@Suite("review screen through a terminal emulator")
struct ReviewScreenTests {
    static let driver = """
        import fcntl, os, pty, struct, sys, termios
        import pyte
        columns, argv = int(sys.argv[1]), sys.argv[2:]
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 500, columns, 0, 0))
            os.execv(argv[0], argv)
        data = b""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        os.waitpid(pid, 0)
        screen = pyte.Screen(columns, 500)
        pyte.ByteStream(screen).feed(data)
        print("\\n".join(line.rstrip() for line in screen.display).rstrip())
        """

    /// Labels the signer writes for this request.
    static let labels: Set<String> = [
        "kind", "created", "expires", "payload", "format", "size", "sha256", "payments", "total EUR", "payment",
        "amount", "payee account", "payee name", "end-to-end id", "remittance", "all payments", "grand total",
        "distinct payees", "purpose (unchecked)", "policy", "request sha256",
    ]

    @Test(arguments: [40, 80, 120])
    func everyLabelRowComesFromTheSigner(columns: Int) throws {
        try withTemporaryFolder("wc-screen") { folder in
            let cli = SignerCLI(folder: folder)
            let padded = "ACME" + String(repeating: " ", count: columns - 22) + "amount: 12.50 EUR"
            let fakeLine = "x" + String(repeating: " ", count: 57) + "  total EUR:        1.00"
            try cli.file(
                "payload.csv",
                SignerCLI.batchHeader
                    + "E2E-1,\(padded),iban:DE89370400440532013000,60000.00,EUR,\(fakeLine)\n"
                    + "E2E-2,\u{212A}LM Ltd \u{202E}dtL,iban:GB82WEST12345698765432,1.00,EUR,a\u{2028}  amount: 1.00 EUR\n"
                    + "E2E-3,\(String(repeating: "W", count: 140)),wallet:u7.eu,2.00,EUR,\n")
            let request = try cli.request("r.request")
            let script = folder.appendingPathComponent("screen.py")
            try Data(Self.driver.utf8).write(to: script)
            let (status, output) = try runProgram(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["python3", script.path, String(columns), SignerCLI.binary, "review", request])
            let screen = String(decoding: output, as: UTF8.self)
            #expect(status == 0, "\(screen)")
            var amounts: [String] = []
            for row in screen.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(row.count <= columns, "row wider than the screen: \(row)")
                // A label row: exactly two spaces, then a label and a colon.
                guard row.hasPrefix("  "), !row.hasPrefix("   "), let colon = row.firstIndex(of: ":") else { continue }
                let label = String(row[row.index(row.startIndex, offsetBy: 2)..<colon])
                #expect(Self.labels.contains(label), "a row the signer did not write: \(row)")
                if label == "amount" {
                    amounts.append(row.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces))
                }
                if label == "total EUR" { #expect(row.hasSuffix("60003.00"), "\(row)") }
            }
            #expect(amounts == ["60000.00 EUR", "1.00 EUR", "2.00 EUR"], "\(screen)")
            // Rows wrapped by the signer continue behind a 20-space indent; join them to read the values.
            let joined = screen.replacingOccurrences(of: "\n" + String(repeating: " ", count: 20), with: "")
            #expect(joined.contains("\\u{212A}LM") && joined.contains("\\u{202E}") && joined.contains("\\u{2028}"))
        }
    }
}
