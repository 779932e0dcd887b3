import Foundation
import OfflineSigner
import WalletCrypto

/// Helpers the request commands share: loading files, policies and printing verification results.
enum RequestFiles {
    static func folder(of path: String) -> String { URL(fileURLWithPath: path).deletingLastPathComponent().path }

    static func time(_ text: String) throws(SignerError) -> Date {
        let formatter = ISO8601DateFormatter()
        guard text.hasSuffix("Z"), let date = formatter.date(from: text) else {
            throw SignerError(.usage, "a time is YYYY-MM-DDTHH:MM:SSZ")
        }
        return date
    }

    /// The policy at `path`, or the keystore's `policy` file when present, or none.
    static func policy(_ path: String?, keystore: Keystore?) throws(SignerError) -> SigningPolicy? {
        if let path { return try SigningPolicy(contentsOfFile: path) }
        if let keystore, FileAccess.exists(keystore.folder + "/policy") {
            return try SigningPolicy(contentsOfFile: keystore.folder + "/policy")
        }
        return nil
    }

    static func policyVerdict(_ policy: SigningPolicy?, _ request: SigningRequest) throws(SignerError) -> String {
        guard let policy else { return "no policy file" }
        do {
            try policy.check(request)
            return "allowed by the policy"
        } catch  where error.code == .policyViolation {
            return "REFUSED: \(error.reason)"
        }
    }

    static func load(_ requestPath: String, _ responsePath: String?, _ keyPaths: [String]) throws(SignerError)
        -> (SigningRequest, SigningResponse?, [SignerPublicKey])
    {
        guard !keyPaths.isEmpty else { throw SignerError(.usage, "give at least one --trusted-key") }
        let request = try SigningRequest(contentsOfFile: requestPath)
        let response = try responsePath.map { (path) throws(SignerError) in try SigningResponse(contentsOfFile: path) }
        let keys = try keyPaths.map { (path) throws(SignerError) in try SignerPublicKey(contentsOfFile: path) }
        return (request, response, keys)
    }

    static func load(_ requestPath: String, _ responsePath: String, _ keyPaths: [String]) throws(SignerError)
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
