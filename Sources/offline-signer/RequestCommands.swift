import Foundation
import OfflineSigner
import WalletCrypto

/// `request`, `review`, `sign`, `verify` and `combine`: the round trip of a signature.
enum RequestCommands {
    static let request = Command(
        name: "request", summary: "(online side) create an unsigned request for payload files",
        usage: """
            offline-signer request --kind KIND (--expires-in DURATION | --expires TIME) -o FILE
                                   [--format payment-batch-v1|pain.001.001.09|file] [--purpose TEXT]
                                   [--reference TEXT] [--quorum M --quorum-key PEM [--quorum-key PEM ...]]
                                   [--json] PAYLOAD...
              Reads each payload and writes a request-v2 file naming it by SHA-256, size and format
              (--format, default file: an opaque file whose content the signer does not check). For
              payment formats it decodes the payments and states their count, totals per currency
              and payee accounts, which the signer recomputes and checks. --quorum names the M-of-N
              key set (one --quorum-key per public key file) that verify and combine will require.
              DURATION is like 90m, 24h or 7d; TIME is YYYY-MM-DDTHH:MM:SSZ. Prints the request ID.
            """
    ) { arguments throws in
        let options = try Arguments(
            arguments,
            options: ["kind", "expires-in", "expires", "output", "format", "purpose", "reference", "quorum"],
            repeatable: ["quorum-key"], flags: ["json"])
        guard !options.positional.isEmpty else { throw SignerError(.usage, "name at least one payload file") }
        let now = Date()
        let expires: Date
        switch (options.value("expires-in"), options.value("expires")) {
        case (let duration?, nil): expires = now.addingTimeInterval(try seconds(duration))
        case (nil, let time?): expires = try RequestFiles.time(time)
        default: throw SignerError(.usage, "give exactly one of --expires-in and --expires")
        }
        guard let format = PayloadFormat(rawValue: options.value("format") ?? "file") else {
            throw SignerError(.usage, "--format is payment-batch-v1, pain.001.001.09 or file")
        }
        let kind = try options.required("kind")
        let quorum = try RequestFiles.quorum(options.value("quorum"), keys: options.all("quorum-key"))
        let progress = Terminal.Progress()
        let content = try PayloadContent.inspect(options.positional, format: format) {
            progress.update("reading \($0)", $1, $2)
        }
        let request = try RequestFiles.asUsage(
            SigningRequest(
                created: now, expires: expires, kind: kind, purpose: options.value("purpose"),
                reference: options.value("reference"), quorum: quorum, content: content.summary,
                payloads: content.items.map(\.payload)))
        // The request must parse back as the signer will parse it.
        _ = try SigningRequest(parsing: request.bytes)
        let output = try options.required("output")
        try Command.output(request.bytes, to: output, what: "request")
        if options.flag("json") {
            Command.printJSON(["requestId": request.idHex, "requestSha256": Hex.encode(request.sha256), "file": output])
        } else if output != "-" {
            print("Wrote request \(request.idHex) to \(output)")
        }
    }

    static let review = Command(
        name: "review", summary: "show what the payloads pay and what a signature would cover",
        usage: """
            offline-signer review REQUEST [--payloads DIR] [--keystore DIR] [--policy FILE] [--all] [--json]
              Checks every payload's size and SHA-256 (payloads are read from DIR, by default the
              request's folder), decodes payment payloads from the hashed bytes, checks the request's
              stated content against them, then prints the review: the first and last payments and
              the totals (--all: every payment). With --keystore it also shows the signing key and
              judges the keystore's policy and any --policy FILE (which can only add rules).
            """
    ) { arguments throws in
        let options = try Arguments(arguments, options: ["payloads", "keystore", "policy"], flags: ["json", "all"])
        let path = try options.positional(1, "one request file")[0]
        let request = try SigningRequest(contentsOfFile: path)
        let progress = Terminal.Progress()
        let content = try PayloadContent.read(
            request, folder: options.value("payloads") ?? RequestFiles.folder(of: path), keepAll: options.flag("all")
        ) { progress.update("reading \($0)", $1, $2) }
        try content.check(against: request)
        let keystore = try options.value("keystore").map { (folder) throws in try Keystore(opening: folder)
        }
        let policies = try RequestFiles.policies(options.value("policy"), keystore: keystore)
        let verdict = try RequestFiles.policyVerdict(policies, request, content: content, keystore: keystore)
        let review = Review(
            request, content: content, keyID: keystore?.keyID, algorithm: keystore?.algorithm, policy: verdict,
            now: Date(), showAll: options.flag("all"))
        if options.flag("json") {
            Command.printJSON(review.json)
        } else {
            print(review.text(width: Terminal.width()), terminator: "")
        }
    }

    static let sign = Command(
        name: "sign", summary: "review, confirm and sign a request with the keystore's key",
        usage: """
            offline-signer sign REQUEST --keystore DIR -o FILE [--payloads DIR] [--policy FILE]
                                [--passphrase-file FILE] [--yes] [--allow-network] [--again] [--all]
                                [--format response|minisign]
              Refuses while a non-loopback network interface is up (unless --allow-network), then checks
              the payloads (decoding payment files and comparing their content with the request), the
              expiry, the keystore's policy (DIR/policy) and any --policy FILE (both must allow it),
              and the journal (a request ID is signed once; --again re-signs an identical request).
              Refusals are journalled. Shows the review and asks you to type the request ID's last 8
              characters (three tries; --yes skips this). Then asks for the passphrase, signs,
              records the signature in the journal and writes FILE.
              --format minisign (Ed25519, one payload) writes a .minisig of the payload instead, whose
              trusted comment names the request; minisign -V verifies it.
            """
    ) { arguments throws in
        let options = try Arguments(
            arguments, options: ["keystore", "output", "payloads", "policy", "passphrase-file", "format"],
            flags: ["yes", "allow-network", "again", "all"])
        let path = try options.positional(1, "one request file")[0]
        let keystore = try Keystore(opening: try options.required("keystore"))
        let output = try options.required("output")
        let format = options.value("format") ?? "response"
        guard format == "response" || format == "minisign" else {
            throw SignerError(.usage, "--format is response or minisign")
        }
        var settings = OfflineSigning.Options()
        settings.allowNetwork = options.flag("allow-network")
        settings.again = options.flag("again")
        settings.policies = try RequestFiles.policies(options.value("policy"), keystore: keystore)
        settings.keepAll = options.flag("all")
        let progress = Terminal.Progress()
        let payloadFolder = options.value("payloads") ?? RequestFiles.folder(of: path)
        let checked = try OfflineSigning.check(
            requestPath: path, payloadFolder: payloadFolder, keystore: keystore, options: settings
        ) { progress.update("hashing \($0)", $1, $2) }
        let verdict =
            settings.policies.isEmpty ? "no policy file" : "allowed by \(settings.policies.count) policy file(s)"
        let review = Review(
            checked.request, content: checked.content, keyID: keystore.keyID, algorithm: keystore.algorithm,
            policy: verdict, now: Date(), showAll: options.flag("all"))
        print(review.text(width: Terminal.width()), terminator: "")
        if checked.signedBefore { print("This identical request was signed before (--again).") }
        if !options.flag("yes") {
            let code = String(checked.request.idHex.suffix(8))
            try Terminal.confirm("Type \(code) (the request ID's last 8 characters) to sign: ", expected: code)
        }
        let passphrase = try Terminal.passphrase(
            file: options.value("passphrase-file"), prompt: "Keystore passphrase: ")
        if format == "minisign" {
            try OfflineSigning.signMinisign(
                checked, keystore: keystore, passphrase: passphrase, payloadFolder: payloadFolder, to: output)
        } else {
            _ = try OfflineSigning.sign(checked, keystore: keystore, passphrase: passphrase, responsePath: output)
        }
        print("Signed request \(checked.request.idHex) with key \(keystore.keyID); wrote \(output)")
    }

    static let verify = Command(
        name: "verify", summary: "(online side) check a response against its request, payloads and trusted keys",
        usage: """
            offline-signer verify REQUEST RESPONSE --trusted-key PEM [--trusted-key PEM ...] [--threshold M]
                                  [--payloads DIR] [--no-payloads] [--allow-expired] [--json]
              One public key file per --trusted-key. Succeeds when enough distinct trusted keys signed
              and every signature from a trusted key verifies: the request's quorum (only its key
              set counts; --threshold may only raise M), or --threshold M, which is required when the
              request names no quorum. Payloads (and a request-v2's stated content) are checked in
              DIR (default: the request's folder) unless --no-payloads.
            """
    ) { arguments throws in
        let options = try Arguments(
            arguments, options: ["threshold", "payloads"], repeatable: ["trusted-key"],
            flags: ["no-payloads", "allow-expired", "json"])
        let files = try options.positional(2, "a request file and a response file")
        let (request, response, trusted) = try RequestFiles.load(files[0], files[1], options.all("trusted-key"))
        let (valid, unknown, threshold) = try OfflineSigning.verify(
            response, request: request,
            payloadFolder: options.flag("no-payloads")
                ? nil : options.value("payloads") ?? RequestFiles.folder(of: files[0]),
            trusted: trusted, threshold: try options.optionalInteger("threshold", in: 1...16),
            allowExpired: options.flag("allow-expired"))
        RequestFiles.report(request, valid: valid, unknown: unknown, threshold: threshold, json: options.flag("json"))
    }

    static let combine = Command(
        name: "combine", summary: "(online side) merge responses from several signers and check an M-of-N threshold",
        usage: """
            offline-signer combine REQUEST RESPONSE... -o FILE --trusted-key PEM [--trusted-key PEM ...]
                                   [--threshold M] [--payloads DIR] [--no-payloads] [--json]
              Merges the signatures into one response, verifies them against the trusted keys (one
              file per --trusted-key) and writes FILE only if the request's quorum, or --threshold M
              when the request names none, is met; --threshold may only raise a quorum.
            """
    ) { arguments throws in
        let options = try Arguments(
            arguments, options: ["output", "threshold", "payloads"], repeatable: ["trusted-key"],
            flags: ["no-payloads", "json"])
        guard options.positional.count >= 2 else { throw SignerError(.usage, "expected a request and responses") }
        let requestPath = options.positional[0]
        let request = try SigningRequest(contentsOfFile: requestPath)
        let responses = try options.positional.dropFirst().map { (path) throws in
            try SigningResponse(contentsOfFile: path)
        }
        let combined = try OfflineSigning.combine(responses)
        let (_, _, trusted) = try RequestFiles.load(requestPath, nil, options.all("trusted-key"))
        let (valid, unknown, threshold) = try OfflineSigning.verify(
            combined, request: request,
            payloadFolder: options.flag("no-payloads")
                ? nil : options.value("payloads") ?? RequestFiles.folder(of: requestPath),
            trusted: trusted, threshold: try options.optionalInteger("threshold", in: 1...16))
        try Command.output(combined.bytes, to: try options.required("output"), what: "combined response")
        RequestFiles.report(request, valid: valid, unknown: unknown, threshold: threshold, json: options.flag("json"))
    }

    /// "90m", "24h", "7d" or plain seconds, up to a year.
    static func seconds(_ text: String) throws -> TimeInterval {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        let unit = text.last.flatMap { units[$0] }
        guard let number = Int(unit == nil ? text : String(text.dropLast())), number > 0, number <= 366 * 86400,
            number * (unit ?? 1) <= 366 * 86400
        else { throw SignerError(.usage, "a duration is a positive number with s, m, h or d, at most a year") }
        return TimeInterval(number * (unit ?? 1))
    }
}
