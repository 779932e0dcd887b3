import Foundation
import OfflineSigner
import WalletCrypto

/// `init`, `pubkey`, `backup`, `restore` and `journal`: the keystore's own commands.
enum KeystoreCommands {
    static let initialize = Command(
        name: "init", summary: "create a keystore holding a new encrypted signing key",
        usage: """
            offline-signer init --keystore DIR [--algorithm ed25519|p256|secp256k1|sm2]
                                [--passphrase-file FILE] [--max-attempts N] [--delay-base SECONDS]
                                [--insecure-fast-kdf] [--json]
              Creates DIR (mode 0700; an existing DIR must be empty and mode 0700) with the key sealed
              under a passphrase (asked twice, echo off, or read from FILE's first line; at least 12
              bytes and not a common password) with scrypt N=2^17 r=8 p=3 (about 1 s a guess). After N
              wrong passphrases (default 10) the sealed key is erased; waits double from SECONDS
              (default 1). --insecure-fast-kdf (tests and demos only) makes a guess cost about 1 ms.
            """
    ) { arguments throws in
        let options = try Arguments(
            arguments, options: ["keystore", "algorithm", "passphrase-file", "max-attempts", "delay-base"],
            flags: ["json", "insecure-fast-kdf"])
        let algorithmName = options.value("algorithm") ?? "ed25519"
        guard let algorithm = SignerAlgorithm(rawValue: algorithmName) else {
            throw SignerError(.usage, "--algorithm is ed25519, p256, secp256k1 or sm2")
        }
        let passphrase = try Terminal.passphrase(
            file: options.value("passphrase-file"), prompt: "New keystore passphrase: ", confirm: true)
        let keystore = try Keystore.create(
            at: try options.required("keystore"), algorithm: algorithm, passphrase: passphrase,
            maxAttempts: try options.integer("max-attempts", default: 10, in: 1...1000),
            delayBase: try options.integer("delay-base", default: 1, in: 0...3600),
            scrypt: options.flag("insecure-fast-kdf") ? Keystore.insecureFastScrypt : Keystore.defaultScrypt)
        if options.flag("json") {
            Command.printJSON([
                "keyId": "\(keystore.keyID)", "algorithm": algorithm.rawValue, "keystore": keystore.folder,
            ])
        } else {
            print("Created keystore \(keystore.folder) with \(algorithm.rawValue) key \(keystore.keyID)")
        }
    }

    static let pubkey = Command(
        name: "pubkey", summary: "export the public key (SPKI PEM, raw hex, or minisign)",
        usage: """
            offline-signer pubkey --keystore DIR [--format pem|hex|minisign] [-o FILE] [--json]
              Prints the public key. minisign works for Ed25519 keys; its key ID is the first 8 bytes
              of the key ID.
            """
    ) { arguments throws in
        let options = try Arguments(arguments, options: ["keystore", "format", "output"], flags: ["json"])
        let keystore = try Keystore(opening: try options.required("keystore"))
        let format = options.value("format") ?? "pem"
        let text: String
        switch format {
        case "pem": text = keystore.publicKey.pemRepresentation
        case "hex": text = Hex.encode(keystore.publicKey.rawRepresentation) + "\n"
        case "minisign": text = try OfflineSigning.minisignPublicKey(keystore).fileRepresentation
        default: throw SignerError(.usage, "--format is pem, hex or minisign")
        }
        if options.flag("json") {
            Command.printJSON([
                "keyId": "\(keystore.keyID)", "algorithm": keystore.algorithm.rawValue, "format": format,
                "publicKey": text,
            ])
        } else {
            try Command.output(Array(text.utf8), to: options.value("output") ?? "-", what: "public key")
        }
    }

    static let backup = Command(
        name: "backup", summary: "write the key re-sealed under a backup passphrase",
        usage: """
            offline-signer backup --keystore DIR -o FILE [--passphrase-file FILE] [--backup-passphrase-file FILE]
              Unlocks the key (counting wrong passphrases) and writes a backup-v1 file: the key sealed
              under a backup passphrase, which must differ from the keystore's, with the journal bound
              to it. This is the only way the key leaves the keystore.
            """
    ) { arguments throws in
        let options = try Arguments(
            arguments, options: ["keystore", "output", "passphrase-file", "backup-passphrase-file"], flags: [])
        let keystore = try Keystore(opening: try options.required("keystore"))
        let passphrase = try Terminal.passphrase(
            file: options.value("passphrase-file"), prompt: "Keystore passphrase: ")
        let backupPassphrase = try Terminal.passphrase(
            file: options.value("backup-passphrase-file"), prompt: "Backup passphrase: ", confirm: true)
        let path = try options.required("output")
        try keystore.backup(passphrase: passphrase, backupPassphrase: backupPassphrase, to: path)
        print("Wrote an encrypted backup of key \(keystore.keyID) to \(path)")
    }

    static let restore = Command(
        name: "restore", summary: "create a new keystore from an encrypted backup",
        usage: """
            offline-signer restore --from FILE --keystore DIR [--backup-passphrase-file FILE] [--passphrase-file FILE]
                                   [--max-attempts N] [--delay-base SECONDS] [--insecure-fast-kdf]
              Opens a backup-v1 file written by 'backup' (nothing else is accepted) and creates a
              keystore in DIR, which must not exist or be empty, holding the backup's journal, so
              requests signed before stay refused as replays. Backup passphrase tries are counted,
              delayed and limited in FILE.attempts like unlocking. Use it to recover a locked keystore.
            """
    ) { arguments throws in
        let options = try Arguments(
            arguments,
            options: ["from", "keystore", "backup-passphrase-file", "passphrase-file", "max-attempts", "delay-base"],
            flags: ["insecure-fast-kdf"])
        let backupPassphrase = try Terminal.passphrase(
            file: options.value("backup-passphrase-file"), prompt: "Backup passphrase: ")
        let passphrase = try Terminal.passphrase(
            file: options.value("passphrase-file"), prompt: "New keystore passphrase: ", confirm: true)
        let keystore = try Keystore.restore(
            from: try options.required("from"), backupPassphrase: backupPassphrase,
            to: try options.required("keystore"),
            passphrase: passphrase, maxAttempts: try options.integer("max-attempts", default: 10, in: 1...1000),
            delayBase: try options.integer("delay-base", default: 1, in: 0...3600),
            scrypt: options.flag("insecure-fast-kdf") ? Keystore.insecureFastScrypt : Keystore.defaultScrypt)
        print("Restored key \(keystore.keyID) into \(keystore.folder)")
    }

    static let journal = Command(
        name: "journal", summary: "show and verify the hash-chained signing journal",
        usage: """
            offline-signer journal --keystore DIR [--verify] [--json]
              Verifies the chain and prints every entry and the head value; note the head elsewhere to
              detect a journal cut short. With --verify, prints only the result.
            """
    ) { arguments throws in
        let options = try Arguments(arguments, options: ["keystore"], flags: ["verify", "json"])
        let keystore = try Keystore(opening: try options.required("keystore"))
        let journal = try SigningJournal(contentsOfFile: keystore.journalPath)
        if options.flag("json") {
            Command.printJSON([
                "verified": true, "head": journal.head.description,
                "entries": options.flag("verify")
                    ? []
                    : journal.entries.map { entry -> [String: Any] in
                        [
                            "sequence": entry.sequence, "time": ISO8601DateFormatter().string(from: entry.time),
                            "event": "\(entry.event)", "requestId": entry.requestID.map(Hex.encode) ?? NSNull(),
                            "requestSha256": entry.requestSHA256.map(Hex.encode) ?? NSNull(),
                            "keyId": "\(entry.keyID)",
                            "responseSha256": entry.responseSHA256.map(Hex.encode) ?? NSNull(),
                            "kind": entry.kind ?? NSNull(),
                            "totals": entry.totals.map { ["currency": $0.currency.text, "amount": $0.amount.text] },
                        ]
                    },
            ])
            return
        }
        if !options.flag("verify") {
            for entry in journal.entries {
                let request = entry.requestID.map { "  request \(Hex.encode($0))" } ?? ""
                let totals = entry.totals.map { "  \($0.amount.text) \($0.currency.text)" }.joined()
                print(
                    "\(entry.sequence)  \(ISO8601DateFormatter().string(from: entry.time))  \(entry.event)\(request)\(entry.kind.map { "  \($0)" } ?? "")\(totals)"
                )
            }
        }
        print("Journal verified: \(journal.entries.count) entries, head \(journal.head)")
    }
}
