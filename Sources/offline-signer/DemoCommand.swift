import Foundation
import OfflineSigner
import WalletCrypto

/// `demo`: a whole round trip in a temporary folder, with no prompts.
enum DemoCommand {
    static let demo = Command(
        name: "demo", summary: "run init, request, review, sign and verify in a temporary folder",
        usage: """
            offline-signer demo [--keep]
              Runs a complete round trip with a random passphrase in a temporary folder and prints each
              step. It skips the air-gap check (--allow-network), since a demo runs on a connected
              machine. The folder is removed afterwards unless --keep.
            """
    ) { arguments throws in
        let options = try Arguments(arguments, options: [], flags: ["keep"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "offline-signer-demo-\(UUID().uuidString)"
        ).path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        } catch {
            throw SignerError(.ioFailure, "cannot create the demo folder \(folder)")
        }
        defer { if !options.flag("keep") { try? FileManager.default.removeItem(atPath: folder) } }
        let passphraseFile = folder + "/passphrase"
        try FileAccess.write(
            Array((Hex.encode(SecureRandom.bytes(count: 16)) + "\n").utf8), to: passphraseFile, what: "passphrase")
        let payload = folder + "/payouts-2026-11.csv"
        try FileAccess.write(
            Array(
                """
                end_to_end_id,payee_name,payee_account,amount,currency,remittance
                PAY-2026-11-0001,ACME Ltd,iban:DE89370400440532013000,1250.00,EUR,Invoice 42
                PAY-2026-11-0002,"Smith, Jones & Co",iban:GB82WEST12345698765432,310.50,EUR,November fees
                PAY-2026-11-0003,Shanghai Tea Co 上海茶叶,card:6212345678901232,880.00,CNY,Order 7781

                """.utf8), to: payload, what: "payload")
        let keystore = folder + "/keystore"
        let request = folder + "/payouts.request"
        let response = folder + "/payouts.response"
        let publicKey = folder + "/signer.pem"
        print("offline-signer demo in \(folder)")
        print("This demo skips the air-gap check (--allow-network), because it runs on a connected machine.\n")
        try step(
            "init: create a keystore with a new Ed25519 key", KeystoreCommands.initialize,
            [
                "--keystore", keystore, "--passphrase-file", passphraseFile,
            ])
        try step(
            "pubkey: export the public key for the online side", KeystoreCommands.pubkey,
            [
                "--keystore", keystore, "-o", publicKey,
            ])
        print("wrote \(publicKey)\n")
        try step(
            "request: (online side) decode the payment batch and state what it pays", RequestCommands.request,
            [
                "--kind", "payment-batch", "--format", "payment-batch-v1", "--expires-in", "24h", "--purpose",
                "November payouts", "-o", request, payload,
            ])
        try step(
            "review: the payments as the signer decodes them from the payload", RequestCommands.review,
            [request, "--keystore", keystore])
        try step(
            "sign: check, confirm (--yes) and sign", RequestCommands.sign,
            [
                request, "--keystore", keystore, "-o", response, "--passphrase-file", passphraseFile, "--yes",
                "--allow-network",
            ])
        try step(
            "verify: (online side) check the response against the request, payload and key", RequestCommands.verify,
            [
                request, response, "--trusted-key", publicKey, "--threshold", "1",
            ])
        try step("journal: the signer's hash-chained record", KeystoreCommands.journal, ["--keystore", keystore])
        print("Demo complete.")
    }

    private static func step(_ title: String, _ command: Command, _ arguments: [String]) throws {
        print("== \(title)")
        print(
            "$ offline-signer \(command.name) \(arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " "))"
        )
        try command.run(arguments[...])
        print("")
    }
}
