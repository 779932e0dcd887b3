import Foundation
import OfflineSigner
import WalletCrypto

/// Helpers the request commands share: loading files, policies and printing verification results.
enum RequestFiles {
    static func folder(of path: String) -> String { URL(fileURLWithPath: path).deletingLastPathComponent().path }

    static func time(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        guard text.hasSuffix("Z"), let date = formatter.date(from: text) else {
            throw SignerError(.usage, "a time is YYYY-MM-DDTHH:MM:SSZ")
        }
        return date
    }

    /// The keystore's `policy` file when present, and the one at `path`: both apply, so a policy
    /// given on the command line can only add restrictions.
    static func policies(_ path: String?, keystore: Keystore?) throws -> [SigningPolicy] {
        var policies: [SigningPolicy] = []
        if let keystore, FileAccess.exists(keystore.folder + "/policy") {
            policies.append(try SigningPolicy(contentsOfFile: keystore.folder + "/policy"))
        }
        if let path { policies.append(try SigningPolicy(contentsOfFile: path)) }
        return policies
    }

    static func policyVerdict(
        _ policies: [SigningPolicy], _ request: SigningRequest, content: PayloadContent, keystore: Keystore?
    ) throws -> String {
        guard !policies.isEmpty else { return "no policy file" }
        var journal = try SigningJournal(parsing: Array("walletcustody-journal-v2\n".utf8))
        if let keystore { journal = try SigningJournal(contentsOfFile: keystore.journalPath) }
        do {
            for policy in policies { try policy.check(request, content: content, journal: journal) }
            return "allowed by \(policies.count) policy file(s)"
        } catch let error as SignerError where error.code == .policyViolation {
            return "REFUSED: \(error.reason)"
        }
    }

    /// The quorum from `--quorum M` and its `--quorum-key` public key files.
    static func quorum(_ threshold: String?, keys paths: [String]) throws -> Quorum? {
        guard let threshold else {
            guard paths.isEmpty else { throw SignerError(.usage, "--quorum-key needs --quorum M") }
            return nil
        }
        guard let count = Int(threshold), (1...16).contains(count) else {
            throw SignerError(.usage, "--quorum must be a number from 1 to 16")
        }
        let keys = try paths.map { (path) throws in try SignerPublicKey(contentsOfFile: path).keyID }
        return try asUsage(Quorum(threshold: count, keys: keys))
    }

    /// Runs `body`, turning a malformed value (`.invalidFile` from a format's checks) into a usage
    /// error, for values that came from the command line rather than a file.
    static func asUsage<T>(_ body: @autoclosure () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SignerError where error.code == .invalidFile {
            throw SignerError(.usage, error.reason)
        } catch let error as SignerError {
            throw error
        } catch {
            throw SignerError(.usage, "\(error)")
        }
    }

    static func load(_ requestPath: String, _ responsePath: String?, _ keyPaths: [String]) throws
        -> (SigningRequest, SigningResponse?, [SignerPublicKey])
    {
        guard !keyPaths.isEmpty else {
            throw SignerError(.usage, "give at least one --trusted-key (one public key file per flag)")
        }
        let request = try SigningRequest(contentsOfFile: requestPath)
        let response = try responsePath.map { (path) throws in try SigningResponse(contentsOfFile: path) }
        let keys = try keyPaths.map { (path) throws in try SignerPublicKey(contentsOfFile: path) }
        return (request, response, keys)
    }

    static func load(_ requestPath: String, _ responsePath: String, _ keyPaths: [String]) throws
        -> (SigningRequest, SigningResponse, [SignerPublicKey])
    {
        let (request, response, keys) = try load(requestPath, Optional(responsePath), keyPaths)
        return (request, response!, keys)
    }

    static func report(_ request: SigningRequest, valid: [KeyID], unknown: [KeyID], threshold: Int, json: Bool) {
        if json {
            Command.printJSON([
                "requestId": request.idHex, "verified": true, "validSigners": valid.map(\.description),
                "unknownSigners": unknown.map(\.description), "threshold": threshold,
            ])
            return
        }
        print("Verified request \(request.idHex): \(valid.count) trusted signature(s), threshold \(threshold)")
        for key in valid { print("  signed by \(key)") }
        for key in unknown { print("  ignored signer \(key): not a trusted key") }
    }
}
