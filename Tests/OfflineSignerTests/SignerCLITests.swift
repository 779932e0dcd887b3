import Foundation
import OfflineSigner
import TestSupport
import Testing
import WalletCrypto

/// The built `offline-signer` binary, through every command and failure path.
@Suite("offline-signer CLI", .serialized)
struct SignerCLITests {
    @Test(arguments: ["ed25519", "p256", "secp256k1", "sm2"])
    func roundTripsAndOpenSSLVerifiesTheSignature(algorithm: String) throws {
        try withTemporaryFolder("wc-signer") { folder in
            let cli = SignerCLI(folder: folder)
            let (keystore, passphrase) = try cli.keystore("k", algorithm: algorithm)
            let request = try cli.request("r.request")
            #expect(try cli.ok(["review", request]).contains("ACME Ltd"))
            try cli.ok([
                "sign", request, "--keystore", keystore, "-o", cli.path("r.response"), "--passphrase-file", passphrase,
                "--yes", "--allow-network",
            ])
            #expect(
                try cli.ok([
                    "verify", request, cli.path("r.response"), "--trusted-key", cli.path("k.pem"), "--threshold", "1",
                ]).contains(
                    "Verified"))
            let hex = try cli.ok(["pubkey", "--keystore", keystore, "--format", "hex"]).trimmingCharacters(
                in: .newlines)
            #expect(hex.count == (algorithm == "ed25519" ? 64 : 130))
            // openssl checks the signature over the documented message with the exported PEM.
            let response = try SigningResponse(contentsOfFile: cli.path("r.response"))
            let requestBytes = try FileAccess.read(request, what: "request")
            let message =
                Array("WalletCustody-offline-signature-v1".utf8) + [0] + response.signers[0].keyID.bytes + requestBytes
            try Data(message).write(to: folder.appendingPathComponent("message"))
            try Data(response.signers[0].signature).write(to: folder.appendingPathComponent("sig"))
            let check: [String] =
                switch algorithm {
                case "ed25519":
                    [
                        "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", cli.path("k.pem"), "-rawin", "-in",
                        cli.path("message"), "-sigfile", cli.path("sig"),
                    ]
                case "sm2":
                    [
                        "openssl", "dgst", "-sm3", "-verify", cli.path("k.pem"), "-sigopt", "distid:1234567812345678",
                        "-signature", cli.path("sig"), cli.path("message"),
                    ]
                default:
                    [
                        "openssl", "dgst", "-sha256", "-verify", cli.path("k.pem"), "-signature", cli.path("sig"),
                        cli.path("message"),
                    ]
                }
            #expect(try runPeer(check).contains("Verified"))
        }
    }

    @Test func minisignVerifiesOurSignature() throws {
        try withTemporaryFolder("wc-signer") { folder in
            let cli = SignerCLI(folder: folder)
            let (keystore, passphrase) = try cli.keystore("k")
            try cli.file("release.tar", String(repeating: "release bytes ", count: 50_000))
            let request = try cli.request("r.request", payload: "release.tar")
            try cli.ok(["pubkey", "--keystore", keystore, "--format", "minisign", "-o", cli.path("k.minisign.pub")])
            try cli.ok([
                "sign", request, "--keystore", keystore, "-o", cli.path("release.tar.minisig"), "--format", "minisign",
                "--passphrase-file", passphrase, "--yes", "--allow-network",
            ])
            let verified = try runPeer([
                "minisign", "-V", "-p", cli.path("k.minisign.pub"), "-m", cli.path("release.tar"), "-x",
                cli.path("release.tar.minisig"),
            ])
            #expect(verified.contains("Signature and comment signature verified"))
            let requestID = try SigningRequest(contentsOfFile: request).idHex
            #expect(verified.contains("walletcustody request \(requestID)"))
            try cli.file("release.tar", "tampered")
            #expect(throws: PeerFailure.self) {
                try runPeer([
                    "minisign", "-V", "-p", cli.path("k.minisign.pub"), "-m", cli.path("release.tar"), "-x",
                    cli.path("release.tar.minisig"),
                ])
            }
            let (p256, p256Passphrase) = try cli.keystore("p", algorithm: "p256")
            try cli.file("release.tar", String(repeating: "release bytes ", count: 50_000))
            try cli.fails(
                [
                    "sign", request, "--keystore", p256, "-o", cli.path("p.minisig"), "--format", "minisign",
                    "--passphrase-file", p256Passphrase, "--yes", "--allow-network",
                ], status: 2, mentioning: "Ed25519", leavesNo: "p.minisig")
        }
    }

    @Test func wrongPassphrasesDelayThenLockAndABackupRestores() throws {
        try withTemporaryFolder("wc-signer") { folder in
            let cli = SignerCLI(folder: folder)
            let (keystore, passphrase) = try cli.keystore("k", extra: ["--max-attempts", "3", "--delay-base", "0"])
            try cli.ok([
                "backup", "--keystore", keystore, "-o", cli.path("k.backup"), "--passphrase-file", passphrase,
                "--backup-passphrase-file", cli.file("b.pass", "backup passphrase 1\n"),
            ])
            let request = try cli.request("r.request")
            let wrong = try cli.file("wrong.pass", "not the passphrase\n")
            let sign = [
                "sign", request, "--keystore", keystore, "-o", cli.path("r.response"), "--yes", "--allow-network",
                "--passphrase-file",
            ]
            try cli.fails(sign + [wrong], status: 4, mentioning: "2 attempts left", leavesNo: "r.response")
            try cli.fails(sign + [wrong], status: 4, mentioning: "1 attempt left", leavesNo: "r.response")
            try cli.fails(sign + [wrong], status: 4, mentioning: "now locked", leavesNo: "r.response")
            try cli.fails(sign + [passphrase], status: 4, mentioning: "locked", leavesNo: "r.response")
            try cli.ok([
                "restore", "--from", cli.path("k.backup"), "--keystore", cli.path("restored"),
                "--backup-passphrase-file", cli.path("b.pass"), "--passphrase-file", passphrase,
            ])
            try cli.ok([
                "sign", request, "--keystore", cli.path("restored"), "-o", cli.path("r.response"), "--yes",
                "--allow-network", "--passphrase-file", passphrase,
            ])
            try cli.ok([
                "verify", request, cli.path("r.response"), "--trusted-key", cli.path("k.pem"), "--threshold", "1",
            ])
            // With a delay base, the attempt after a wrong one must wait, even with the right passphrase.
            let (slow, slowPassphrase) = try cli.keystore("slow", extra: ["--delay-base", "60"])
            let slowSign = [
                "sign", request, "--keystore", slow, "-o", cli.path("s.response"), "--yes", "--allow-network",
                "--passphrase-file",
            ]
            try cli.fails(slowSign + [wrong], status: 4, mentioning: "wrong", leavesNo: "s.response")
            try cli.fails(slowSign + [slowPassphrase], status: 4, mentioning: "wait", leavesNo: "s.response")
            #expect(try Keystore(opening: slow).attempts().failures == 1)
        }
    }

    @Test func refusesTamperingExpiryReplayAndPolicyViolations() throws {
        try withTemporaryFolder("wc-signer") { folder in
            let cli = SignerCLI(folder: folder)
            let (keystore, passphrase) = try cli.keystore("k")
            let request = try cli.request("r.request")
            let sign = { (out: String, extra: [String]) in
                [
                    "sign", request, "--keystore", keystore, "-o", cli.path(out), "--passphrase-file", passphrase,
                    "--yes", "--allow-network",
                ] + extra
            }
            // A payload changed after the request was made.
            let original = try String(contentsOfFile: cli.path("payload.csv"), encoding: .utf8)
            try cli.file("payload.csv", original + "E2E-3,Mallory,iban:GB82WEST12345698765432,9999,EUR,x\n")
            try cli.fails(sign("a.response", []), status: 1, mentioning: "payload.csv", leavesNo: "a.response")
            try cli.fails(["review", request], status: 1, mentioning: "payload.csv")
            try cli.file("payload.csv", original)
            // Policy on the decoded content: per payment, per batch, payee account, kind, lifetime.
            let policy = { (name: String, rules: String) throws -> [String] in
                ["--policy", try cli.file(name, "walletcustody-policy-v1\n# test\n\(rules)\nend\n")]
            }
            try cli.fails(
                sign(
                    "b.response",
                    try policy("p1", "max-lifetime: 86400\nmax-payment: EUR 999.99\nallow-kind: payout-batch")),
                status: 1, mentioning: "max-payment", leavesNo: "b.response")
            try cli.fails(
                sign(
                    "b.response",
                    try policy("p2", "allow-kind: payout-batch\nmax-batch: EUR 1249.99\nmax-lifetime: 86400")),
                status: 1, mentioning: "max-batch", leavesNo: "b.response")
            try cli.fails(
                sign(
                    "b.response",
                    try policy(
                        "p3", "allow-kind: payout-batch\nallow-payee: iban:GB82WEST12345698765432\nmax-lifetime: 86400")
                ),
                status: 1, mentioning: "allow-payee", leavesNo: "b.response")
            try cli.fails(
                sign("b.response", try policy("p4", "allow-kind: release\nmax-lifetime: 86400")), status: 1,
                mentioning: "allow-kind", leavesNo: "b.response")
            try cli.fails(
                sign("b.response", try policy("p5", "allow-kind: payout-batch\nmax-lifetime: 600")), status: 1,
                mentioning: "max-lifetime", leavesNo: "b.response")
            try cli.fails(
                sign("b.response", try policy("p6", "allow-kind: payout-batch\nmax-amount: EUR 5\nmax-lifetime: 600")),
                status: 3, mentioning: "max-batch", leavesNo: "b.response")
            try cli.file("bad.policy", "walletcustody-policy-v2\nend\n")
            try cli.fails(
                sign("b.response", ["--policy", cli.path("bad.policy")]), status: 3, mentioning: "policy",
                leavesNo: "b.response")
            try cli.file("crlf.policy", "walletcustody-policy-v1\r\nend\r\n")
            try cli.fails(sign("b.response", ["--policy", cli.path("crlf.policy")]), status: 3, mentioning: "CRLF")
            try cli.file("cut.policy", "walletcustody-policy-v1\nallow-kind: payout-batch")
            try cli.fails(sign("b.response", ["--policy", cli.path("cut.policy")]), status: 3, mentioning: "newline")
            // A request whose stated content was edited (the typed-summary attack) is refused.
            var edited = try String(contentsOfFile: request, encoding: .utf8)
            edited = edited.replacingOccurrences(of: "total: EUR 1250.00", with: "total: EUR 125.00")
            edited = edited.replacingOccurrences(of: "largest: EUR 1000.00", with: "largest: EUR 100.00")
            try cli.file("edited.request", edited)
            try cli.fails(
                [
                    "sign", cli.path("edited.request"), "--keystore", keystore, "-o", cli.path("x.response"),
                    "--passphrase-file", passphrase, "--yes", "--allow-network",
                ], status: 1, mentioning: "differ", leavesNo: "x.response")
            // An opaque payload cannot satisfy an amount rule.
            try cli.file("notes.txt", "anything\n")
            try cli.ok([
                "request", "--kind", "payout-batch", "--expires-in", "1h", "-o", cli.path("o.request"),
                cli.path("notes.txt"),
            ])
            try cli.fails(
                [
                    "sign", cli.path("o.request"), "--keystore", keystore, "-o", cli.path("o.response"),
                    "--passphrase-file", passphrase, "--yes", "--allow-network",
                ] + (try policy("p7", "allow-kind: payout-batch\nmax-batch: EUR 100000\nmax-lifetime: 86400")),
                status: 1, mentioning: "cannot read", leavesNo: "o.response")
            // A bad option value is a usage error (2), not a bad file (3).
            try cli.fails(
                [
                    "request", "--kind", "Payout", "--expires-in", "1h", "-o", cli.path("h.request"),
                    cli.path("payload.csv"),
                ], status: 2, mentioning: "kind", leavesNo: "h.request")
            try cli.fails(
                [
                    "request", "--kind", "x", "--expires-in", "999999999999999999d", "-o", cli.path("h.request"),
                    cli.path("payload.csv"),
                ], status: 2, mentioning: "duration", leavesNo: "h.request")
            // Velocity: 1250 EUR signed; a window limit of 2000 refuses the second 1250.
            try cli.ok(sign("c.response", []))
            try cli.fails(sign("d.response", []), status: 1, mentioning: "already signed", leavesNo: "d.response")
            try cli.ok(sign("d.response", ["--again"]))
            try cli.file("second.csv", try String(contentsOfFile: cli.path("payload.csv"), encoding: .utf8))
            let second = try cli.request("second.request", payload: "second.csv")
            try cli.fails(
                [
                    "sign", second, "--keystore", keystore, "-o", cli.path("v.response"), "--passphrase-file",
                    passphrase, "--yes", "--allow-network",
                ] + (try policy("p8", "allow-kind: payout-batch\nvelocity: EUR 2000 3600\nmax-lifetime: 86400")),
                status: 1, mentioning: "velocity", leavesNo: "v.response")
            let journal = try cli.ok(["journal", "--keystore", keystore])
            #expect(journal.contains("refused-policyViolation") && journal.contains("1250.00 EUR"))
            // A different request reusing a signed ID is refused.
            let reused = try SigningRequest(contentsOfFile: request)
            let forged = try SigningRequest(
                id: reused.id, created: reused.created, expires: reused.expires, kind: reused.kind,
                purpose: "other", content: reused.content, payloads: reused.payloads)
            try Data(forged.bytes).write(to: folder.appendingPathComponent("forged.request"))
            try cli.fails(
                [
                    "sign", cli.path("forged.request"), "--keystore", keystore, "-o", cli.path("e.response"),
                    "--passphrase-file", passphrase, "--yes", "--allow-network", "--again",
                ], status: 1, mentioning: "different request", leavesNo: "e.response")
            // An expired request is refused.
            let past = Date().addingTimeInterval(-7200)
            let expired = try SigningRequest(
                created: past, expires: past.addingTimeInterval(60), kind: "payout-batch", content: reused.content,
                payloads: reused.payloads)
            try Data(expired.bytes).write(to: folder.appendingPathComponent("expired.request"))
            try cli.fails(
                [
                    "sign", cli.path("expired.request"), "--keystore", keystore, "-o", cli.path("f.response"),
                    "--passphrase-file", passphrase, "--yes", "--allow-network",
                ], status: 1, mentioning: "expired", leavesNo: "f.response")
        }
    }

    @Test func refusesBadFilesWrongKeysAndUnmetThresholds() throws {
        try withTemporaryFolder("wc-signer") { folder in
            let cli = SignerCLI(folder: folder)
            let (alice, alicePass) = try cli.keystore("alice")
            let (bob, bobPass) = try cli.keystore("bob", algorithm: "p256")
            _ = try cli.keystore("carol")
            let request = try cli.request("r.request")
            for (name, keystore, passphrase) in [("a", alice, alicePass), ("b", bob, bobPass)] {
                try cli.ok([
                    "sign", request, "--keystore", keystore, "-o", cli.path("\(name).response"), "--passphrase-file",
                    passphrase, "--yes", "--allow-network",
                ])
            }
            let text = try String(contentsOfFile: request, encoding: .utf8)
            try cli.file("truncated.request", String(text.dropLast(10)))
            try cli.fails(["review", cli.path("truncated.request")], status: 3, mentioning: "request")
            try cli.file("v2.request", text.replacingOccurrences(of: "request-v2", with: "request-v3"))
            try cli.fails(["review", cli.path("v2.request")], status: 3, mentioning: "unknown version")
            try cli.fails(["review", cli.path("missing.request")], status: 3, mentioning: "cannot open")
            let response = try String(contentsOfFile: cli.path("a.response"), encoding: .utf8)
            try cli.file("truncated.response", String(response.prefix(response.count / 2)))
            try cli.fails(
                ["verify", request, cli.path("truncated.response"), "--trusted-key", cli.path("alice.pem")], status: 3,
                mentioning: "response")
            // The wrong key: carol never signed, so her key finds no signature.
            try cli.fails(
                [
                    "verify", request, cli.path("a.response"), "--trusted-key", cli.path("carol.pem"), "--threshold",
                    "1",
                ],
                status: 1,
                mentioning: "0 of the required 1")
            // A signature swapped in from another key fails as a signature.
            let bobLine = try String(contentsOfFile: cli.path("b.response"), encoding: .utf8).split(separator: "\n")[3]
            let aliceID = try SigningResponse(contentsOfFile: cli.path("a.response")).signers[0].keyID
            let swapped = response.replacingOccurrences(
                of: String(response.split(separator: "\n")[3]),
                with: "signer: \(aliceID) ed25519 " + String(bobLine.split(separator: " ")[3]).prefix(86) + "==")
            try cli.file("swapped.response", swapped)
            let swappedResult = try cli.run([
                "verify", request, cli.path("swapped.response"), "--trusted-key", cli.path("alice.pem"), "--threshold",
                "1",
            ])
            #expect(swappedResult.status == 1 || swappedResult.status == 3)
            // A signature of the wrong length for its algorithm is a malformed file.
            try cli.file(
                "short.response",
                response.replacingOccurrences(
                    of: String(response.split(separator: "\n")[3].split(separator: " ")[3]), with: "AA=="))
            try cli.fails(
                ["verify", request, cli.path("short.response"), "--trusted-key", cli.path("alice.pem")], status: 3,
                mentioning: "encoding")
            // Two of three trusted keys: combine meets 2, not 3.
            let keys = [
                "--trusted-key", cli.path("alice.pem"), "--trusted-key", cli.path("bob.pem"), "--trusted-key",
                cli.path("carol.pem"),
            ]
            try cli.fails(
                [
                    "combine", request, cli.path("a.response"), cli.path("b.response"), "-o", cli.path("ab.response"),
                    "--threshold", "3",
                ] + keys, status: 1, mentioning: "2 of the required 3", leavesNo: "ab.response")
            try cli.ok(
                [
                    "combine", request, cli.path("a.response"), cli.path("b.response"), "-o", cli.path("ab.response"),
                    "--threshold", "2",
                ] + keys)
            try cli.ok(["verify", request, cli.path("ab.response"), "--threshold", "2"] + keys)
            try cli.fails(
                ["verify", request, cli.path("a.response"), "--threshold", "2"] + keys, status: 1,
                mentioning: "1 of the required 2")
            // Usage errors.
            try cli.fails(["sign"], status: 2, mentioning: "request file")
            try cli.fails(["frobnicate"], status: 2, mentioning: "unknown command")
            try cli.fails(["verify", request, cli.path("a.response")], status: 2, mentioning: "trusted-key")
            try cli.fails(
                ["init", "--keystore", alice, "--passphrase-file", alicePass], status: 1, mentioning: "not empty")
        }
    }

    @Test func journalDetectsEditsAndArmourRoundTrips() throws {
        try withTemporaryFolder("wc-signer") { folder in
            let cli = SignerCLI(folder: folder)
            let (keystore, passphrase) = try cli.keystore("k")
            for index in 0..<3 {
                let request = try cli.request("r\(index).request")
                try cli.ok([
                    "sign", request, "--keystore", keystore, "-o", cli.path("r\(index).response"), "--passphrase-file",
                    passphrase, "--yes", "--allow-network",
                ])
            }
            #expect(try cli.ok(["journal", "--keystore", keystore, "--verify"]).contains("3 entries"))
            let journal = keystore + "/journal"
            let original = try String(contentsOfFile: journal, encoding: .utf8)
            var lines = original.split(separator: "\n").map(String.init)
            lines.swapAt(1, 2)
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: journal))
            try cli.fails(["journal", "--keystore", keystore], status: 3, mentioning: "sequence")
            lines = original.split(separator: "\n").map(String.init)
            lines[2] = lines[2].replacingOccurrences(of: "Z ", with: "Z ").replacingOccurrences(
                of: "2026", with: "2025")
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: journal))
            let edited = try cli.run(["journal", "--keystore", keystore])
            #expect(edited.status == 1 && edited.error.contains("does not chain"))
            lines = original.split(separator: "\n").map(String.init)
            lines.remove(at: 2)
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: journal))
            try cli.fails(["journal", "--keystore", keystore], status: 3, mentioning: "sequence")
            // Armour: round trip through stdin and stdout, and a damaged paste is refused.
            let armored = try cli.ok(["armor", cli.path("r0.request")])
            #expect(armored.hasPrefix("-----BEGIN WALLETCUSTODY REQUEST-----\n"))
            let back = try cli.run(["dearmor", "-"], stdin: armored)
            let requestText = try String(contentsOfFile: cli.path("r0.request"), encoding: .utf8)
            #expect(back.status == 0 && back.output == requestText)
            var damaged = armored.split(separator: "\n").map(String.init)
            damaged[1] = String(damaged[1].reversed())
            try cli.file("damaged.asc", damaged.joined(separator: "\n") + "\n")
            try cli.fails(
                ["dearmor", cli.path("damaged.asc"), "-o", cli.path("out")], status: 3, mentioning: "request",
                leavesNo: "out")
            // Dropping a whole line keeps valid base64; the checksum refuses it.
            var shortened = armored.split(separator: "\n").map(String.init)
            #expect(shortened.count > 4)
            shortened.remove(at: 2)
            try cli.file("short.asc", shortened.joined(separator: "\n") + "\n")
            try cli.fails(["dearmor", cli.path("short.asc")], status: 3, mentioning: "checksum")
            let responseArmor = try cli.ok(["armor", cli.path("r0.response")])
            #expect(responseArmor.contains("WALLETCUSTODY RESPONSE"))
        }
    }

    /// `sign` refuses while a non-loopback interface is up and succeeds with --allow-network; in a
    /// network namespace with no interfaces (`unshare -n`) it succeeds without the flag. Under
    /// strace it makes no socket at all.
    @Test func airGapCheck() throws {
        try withTemporaryFolder("wc-signer") { folder in
            let cli = SignerCLI(folder: folder)
            let (keystore, passphrase) = try cli.keystore("k")
            let request = try cli.request("r.request")
            let sign = ["sign", request, "--keystore", keystore, "--passphrase-file", passphrase, "--yes", "-o"]
            if try NetworkInterfaces.upNonLoopback().isEmpty {
                Issue.record("this machine has no interface up, so the refusal cannot be shown here")
            } else {
                try cli.fails(
                    sign + [cli.path("a.response")], status: 1, mentioning: "network interfaces are up",
                    leavesNo: "a.response")
                // The check itself opens no socket either.
                _ = try cli.run(
                    sign + [cli.path("a.response")],
                    wrapper: ["strace", "-f", "-e", "trace=socket,connect", "-o", cli.path("refused.trace")])
                let refused = (try? String(contentsOfFile: cli.path("refused.trace"), encoding: .utf8)) ?? "no trace"
                #expect(refused.contains("+++ exited with 1 +++") && !refused.contains("socket("), "\(refused)")
            }
            try cli.ok(sign + [cli.path("b.response"), "--allow-network"])
            let isolated = try cli.run(sign + [cli.path("c.response"), "--again"], wrapper: ["unshare", "-n"])
            if isolated.error.contains("unshare:") {
                print("unshare -n is not permitted here; the namespace case was not run")
            } else {
                #expect(isolated.status == 0, "\(isolated.error)")
            }
            _ = try cli.run(
                sign + [cli.path("d.response"), "--allow-network", "--again"],
                wrapper: ["strace", "-f", "-e", "trace=socket,connect", "-o", cli.path("trace")])
            let trace = (try? String(contentsOfFile: cli.path("trace"), encoding: .utf8)) ?? "strace did not run"
            #expect(!trace.contains("socket(") && !trace.contains("connect("), "\(trace)")
            #expect(FileManager.default.fileExists(atPath: cli.path("d.response")))
        }
    }

    @Test func demoRunsEveryStep() throws {
        try withTemporaryFolder("wc-signer") { folder in
            let output = try SignerCLI(folder: folder).ok(["demo"])
            for step in [
                "== init", "== request", "== review", "== sign", "== verify", "skips the air-gap check",
                "Demo complete.",
            ] {
                #expect(output.contains(step))
            }
        }
    }
}
