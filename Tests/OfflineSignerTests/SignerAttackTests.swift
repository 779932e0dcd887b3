import Foundation
import OfflineSigner
import TestSupport
import Testing

/// Issue 11's attacks on the signer, each made the way a compromised requester or someone at the
/// signing machine's CLI would make it.
@Suite("offline-signer attacks")
struct SignerAttackTests {
    @Test func quorumInTheRequestIsEnforcedByVerifyAndCombine() throws {
        try withTemporaryFolder("wc-quorum") { folder in
            let cli = SignerCLI(folder: folder)
            let names = ["a", "b", "c", "outsider"]
            var stores: [String: (String, String)] = [:]
            for name in names { stores[name] = try cli.keystore(name) }
            let request = try cli.request(
                "q.request",
                extra: ["--quorum", "2"] + ["a", "b", "c"].flatMap { ["--quorum-key", cli.path("\($0).pem")] })
            for name in ["a", "b", "outsider"] {
                let (keystore, passphrase) = stores[name]!
                let arguments = [
                    "sign", request, "--keystore", keystore, "-o", cli.path("\(name).response"), "--passphrase-file",
                    passphrase, "--yes", "--allow-network",
                ]
                if name == "outsider" {
                    try cli.fails(arguments, status: 1, mentioning: "quorum", leavesNo: "outsider.response")
                } else {
                    try cli.ok(arguments)
                }
            }
            let keys = names.flatMap { ["--trusted-key", cli.path("\($0).pem")] }
            // One signature is not enough, even with --threshold 1: the request's quorum wins.
            try cli.fails(
                ["verify", request, cli.path("a.response"), "--threshold", "1"] + keys, status: 1,
                mentioning: "1 of the required 2")
            try cli.ok(
                ["combine", request, cli.path("a.response"), cli.path("b.response"), "-o", cli.path("ab")] + keys)
            #expect(try cli.ok(["verify", request, cli.path("ab")] + keys).contains("threshold 2"))
            // The outsider's signature (made by signing a copy of the request with its own tool) does not count.
            try cli.ok([
                "sign", try cli.request("plain.request", payload: "payload.csv"), "--keystore", stores["outsider"]!.0,
                "-o", cli.path("plain.response"), "--passphrase-file", stores["outsider"]!.1, "--yes",
                "--allow-network",
            ])
            try cli.fails(
                ["combine", request, cli.path("a.response"), cli.path("plain.response"), "-o", cli.path("ao")] + keys,
                status: 1, mentioning: "different requests", leavesNo: "ao")
        }
    }

    @Test func backupsAreTheirOwnFormatAndKeepReplayProtection() throws {
        try withTemporaryFolder("wc-backup") { folder in
            let cli = SignerCLI(folder: folder)
            let (keystore, passphrase) = try cli.keystore("k", extra: ["--max-attempts", "2", "--delay-base", "0"])
            let request = try cli.request("r.request")
            let sign = { (store: String, out: String) in
                [
                    "sign", request, "--keystore", store, "-o", cli.path(out), "--passphrase-file", passphrase, "--yes",
                    "--allow-network",
                ]
            }
            try cli.ok(sign(keystore, "r.response"))
            // The backup passphrase must differ from the keystore's and be strong.
            try cli.fails(
                [
                    "backup", "--keystore", keystore, "-o", cli.path("same.backup"), "--passphrase-file", passphrase,
                    "--backup-passphrase-file", passphrase,
                ], status: 2, mentioning: "differ", leavesNo: "same.backup")
            try cli.fails(
                [
                    "backup", "--keystore", keystore, "-o", cli.path("weak.backup"), "--passphrase-file", passphrase,
                    "--backup-passphrase-file", try cli.file("weak.pass", "password123\n"),
                ], status: 2, mentioning: "12 bytes", leavesNo: "weak.backup")
            let backupPass = try cli.file("b.pass", "seven purple tractors\n")
            try cli.ok([
                "backup", "--keystore", keystore, "-o", cli.path("k.backup"), "--passphrase-file", passphrase,
                "--backup-passphrase-file", backupPass,
            ])
            // The keystore's own key file is not a backup.
            try cli.fails(
                [
                    "restore", "--from", keystore + "/key.wckey", "--keystore", cli.path("side"),
                    "--backup-passphrase-file", passphrase, "--passphrase-file", passphrase,
                ], status: 3, mentioning: "not a walletcustody-backup-v1")
            // Wrong backup passphrases are counted and lock the backup.
            let wrong = try cli.file("wrong.pass", "not the right words\n")
            let restore = { (into: String, backup: String) in
                [
                    "restore", "--from", cli.path("k.backup"), "--keystore", cli.path(into),
                    "--backup-passphrase-file", backup, "--passphrase-file", passphrase, "--max-attempts", "2",
                    "--delay-base", "0",
                ]
            }
            try cli.fails(restore("x1", wrong), status: 4, mentioning: "passphrase")
            try cli.ok(restore("restored", backupPass))
            // The restored keystore still refuses the request signed before the backup.
            try cli.fails(sign(cli.path("restored"), "again.response"), status: 1, mentioning: "already signed")
            #expect(try cli.ok(["journal", "--keystore", cli.path("restored")]).contains("restored"))
            // A locked keystore stays locked when its attempts file is edited: the key is gone.
            let wrongSign = [
                "sign", request, "--keystore", keystore, "-o", cli.path("w.response"), "--again", "--yes",
                "--allow-network", "--passphrase-file", wrong,
            ]
            try cli.fails(wrongSign, status: 4, mentioning: "1 attempt left")
            try cli.fails(wrongSign, status: 4, mentioning: "locked")
            let attempts = keystore + "/attempts"
            let text = try String(contentsOfFile: attempts, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "locked: yes", with: "locked: no").utf8).write(
                to: URL(fileURLWithPath: attempts))
            try cli.fails(sign(keystore, "z.response") + ["--again"], status: 4, mentioning: "locked")
            #expect(!FileManager.default.fileExists(atPath: keystore + "/key.wckey"))
            // A keystore folder that exists with loose permissions is refused.
            try FileManager.default.createDirectory(
                atPath: cli.path("open"), withIntermediateDirectories: false, attributes: [.posixPermissions: 0o777])
            try cli.fails(
                ["init", "--keystore", cli.path("open"), "--passphrase-file", passphrase, "--insecure-fast-kdf"],
                status: 1, mentioning: "mode 777")
            try cli.fails(
                ["init", "--keystore", cli.path("weak"), "--passphrase-file", try cli.file("w2", "qwertyuiop\n")],
                status: 2, mentioning: "passphrase")
        }
    }

    @Test func reviewEscapesWhatCouldForgeOrHideAndComparesBytes() throws {
        try withTemporaryFolder("wc-review") { folder in
            let cli = SignerCLI(folder: folder)
            let fake = "ACME" + String(repeating: " ", count: 60) + "amount: 12.50 EUR"
            try cli.file(
                "payload.csv",
                SignerCLI.batchHeader + "E2E-1,\(fake),iban:DE89370400440532013000,60000.00,EUR,Pay \u{202E}evil\n"
                    + "E2E-2,\u{212A}LM Ltd,iban:GB82WEST12345698765432,1.00,EUR,\u{2028}x\n")
            let request = try cli.request("r.request")
            for width in ["40", "80", "120"] {
                let review = try cli.run(["review", request], wrapper: ["COLUMNS=\(width)"])
                #expect(review.status == 0, "\(review.error)")
                #expect(!review.output.contains("\u{202E}") && review.output.contains("\\u{202E}"))
                #expect(!review.output.contains("\u{2028}") && review.output.contains("\\u{212A}LM"))
                #expect(review.output.contains("60000.00 EUR"))
                // Every row starting with two spaces and a label is one the signer wrote.
                for row in review.output.split(separator: "\n") where row.hasPrefix("  amount:") {
                    #expect(!row.contains("12.50"), "\(row)")
                }
            }
            // allow-payee matches accounts as bytes; a name never allows anything.
            let policy = try cli.file(
                "p",
                "walletcustody-policy-v1\nallow-kind: payout-batch\nallow-payee: iban:DE89370400440532013000\nmax-lifetime: 86400\nend\n"
            )
            let (keystore, passphrase) = try cli.keystore("k")
            try cli.fails(
                [
                    "sign", request, "--keystore", keystore, "-o", cli.path("r.response"), "--passphrase-file",
                    passphrase, "--yes", "--allow-network", "--policy", policy,
                ], status: 1, mentioning: "GB82WEST12345698765432", leavesNo: "r.response")
            let json = try cli.ok(["review", request, "--json", "--all"])
            #expect(json.contains("\"paymentCount\":2") && json.contains("60000.00") && json.contains("GB82WEST"))
        }
    }

    @Test func nonRegularInputsAreRefusedWithoutHanging() throws {
        try withTemporaryFolder("wc-fifo") { folder in
            let cli = SignerCLI(folder: folder)
            let request = try cli.request("r.request")
            #expect(mkfifo(cli.path("fifo.request"), 0o600) == 0)
            try cli.fails(["review", cli.path("fifo.request")], status: 3, mentioning: "not a regular file")
            try FileManager.default.removeItem(atPath: cli.path("payload.csv"))
            #expect(mkfifo(cli.path("payload.csv"), 0o600) == 0)
            try cli.fails(["review", request], status: 3, mentioning: "not a regular file")
            #expect(try cli.ok(["--version"]).contains("offline-signer"))
        }
    }
}
