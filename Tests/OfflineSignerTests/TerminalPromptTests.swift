import Foundation
import OfflineSigner
import TestSupport
import Testing

/// The prompts on a real pseudo-terminal: passphrases are asked with echo off and never printed,
/// and `sign` waits for the typed confirmation. A small Python driver answers each prompt only
/// after it appears, so nothing is typed before echo is off.
@Suite("offline-signer terminal prompts", .serialized)
struct TerminalPromptTests {
    static let driver = """
        import os, pty, select, sys
        argv, answers = sys.argv[1:sys.argv.index("--")], sys.argv[sys.argv.index("--") + 1:]
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(argv[0], argv)
        out = b""
        def read_more():
            global out
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                raise SystemExit("timed out")
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            out += data
            return data
        for i in range(0, len(answers), 2):
            prompt, reply = answers[i].encode(), answers[i + 1]
            while prompt not in out:
                if not read_more():
                    break
            out = out.replace(prompt, b"<" + prompt + b">", 1)
            os.write(fd, (reply + "\\n").encode())
        while read_more():
            pass
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(out.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """

    func drive(_ folder: URL, _ arguments: [String], answers: [String]) throws -> (Int32, String) {
        let script = folder.appendingPathComponent("driver.py")
        try Data(Self.driver.utf8).write(to: script)
        let (status, output) = try runProgram(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script.path, SignerCLI.binary] + arguments + ["--"] + answers)
        return (status, String(decoding: output, as: UTF8.self))
    }

    @Test func passphrasesAreNotEchoedAndSignWaitsForTheTypedConfirmation() throws {
        try withTemporaryFolder("wc-tty") { folder in
            let cli = SignerCLI(folder: folder)
            let secret = "purple tractor sings quietly"
            let (initStatus, initOutput) = try drive(
                folder, ["init", "--keystore", cli.path("k")],
                answers: ["New keystore passphrase: ", secret, "Repeat the passphrase: ", secret])
            #expect(initStatus == 0, "\(initOutput)")
            #expect(initOutput.contains("Created keystore") && !initOutput.contains(secret), "\(initOutput)")
            let request = try cli.request("r.request")
            let code = String(try SigningRequest(contentsOfFile: request).idHex.suffix(8))
            let sign = ["sign", request, "--keystore", cli.path("k"), "-o", cli.path("r.response"), "--allow-network"]
            // Three tries at the typed confirmation, without hashing the payloads again; then it refuses.
            let (wrongStatus, wrongOutput) = try drive(
                folder, sign, answers: ["to sign: ", "00000000", "to sign: ", "11111111", "to sign: ", "22222222"])
            #expect(wrongStatus == 1 && wrongOutput.contains("not given"), "\(wrongOutput)")
            #expect(wrongOutput.contains("2 left") && wrongOutput.contains("1 left"), "\(wrongOutput)")
            #expect(!FileManager.default.fileExists(atPath: cli.path("r.response")))
            let (status, output) = try drive(
                folder, sign, answers: ["to sign: ", code, "Keystore passphrase: ", secret])
            #expect(status == 0 && output.contains("Signed request"), "\(output)")
            #expect(!output.contains(secret))
            #expect(FileManager.default.fileExists(atPath: cli.path("r.response")))
            // Two different passphrases at init are refused.
            let (mismatch, mismatchOutput) = try drive(
                folder, ["init", "--keystore", cli.path("k2")],
                answers: ["New keystore passphrase: ", secret, "Repeat the passphrase: ", secret + "!"])
            #expect(mismatch == 2 && mismatchOutput.contains("differ"), "\(mismatchOutput)")
        }
    }
}
