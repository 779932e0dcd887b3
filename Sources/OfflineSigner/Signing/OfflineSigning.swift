import Foundation
import WalletCrypto

/// The signer's operations: check and sign a request on the offline machine, and verify or combine
/// responses on the online side (`docs/spec/response-v1.md`).
///
/// Security contract: `check` does every check that needs no secret (air gap, request, payload
/// hashes, expiry, policy, replay) before the passphrase is asked for; `sign` records the
/// signature in the journal before the response file appears; `verify` accepts a response only
/// when every signer line from a trusted key verifies and the threshold of distinct trusted keys
/// is met.
public enum OfflineSigning {
    /// A request that passed every check that needs no secret.
    public struct Checked: Sendable {
        /// The request.
        public let request: SigningRequest
        /// Whether an earlier signature of the identical request exists (needs `again`).
        public let signedBefore: Bool
        /// Whether signing the identical request again was allowed.
        let again: Bool
    }

    /// What the checks allow.
    public struct Options: Sendable {
        /// Sign even with a network interface up.
        public var allowNetwork = false
        /// Sign an identical request again.
        public var again = false
        /// The policy, or nil for none.
        public var policy: SigningPolicy?
        /// The time the checks use.
        public var now = Date()

        /// The defaults: no network, no re-signing, no policy, the current time.
        public init() {}
    }

    /// `"WalletCustody-offline-signature-v1" 0x00 ‖ key ID ‖ request bytes`: what each signer signs.
    static func message(keyID: KeyID, request: SigningRequest) -> [UInt8] {
        Array("WalletCustody-offline-signature-v1".utf8) + [0] + keyID.bytes + request.bytes
    }

    /// Runs every check that needs no secret, in the order a person would want them explained.
    public static func check(
        requestPath: String, payloadFolder: String, keystore: Keystore, options: Options,
        progress: (String, UInt64, UInt64) -> Void = { _, _, _ in }
    ) throws(SignerError) -> Checked {
        if !options.allowNetwork {
            let up = try NetworkInterfaces.upNonLoopback()
            guard up.isEmpty else {
                throw SignerError(
                    .networkUp,
                    "sign refuses to run while network interfaces are up (\(up.joined(separator: ", "))); disconnect them or pass --allow-network"
                )
            }
        }
        let request = try SigningRequest(contentsOfFile: requestPath)
        guard options.now < request.expires else {
            throw SignerError(.expired, "the request expired at \(UTCTime.format(request.expires))")
        }
        try checkPayloads(request, folder: payloadFolder, progress: progress)
        try options.policy?.check(request, now: options.now)
        let earlier = try SigningJournal(contentsOfFile: keystore.journalPath).entries(for: request.id)
        if !earlier.isEmpty {
            guard earlier.allSatisfy({ $0.requestSHA256 == request.sha256 }) else {
                throw SignerError(.replay, "the request ID \(request.idHex) was already signed for a different request")
            }
            guard options.again else {
                throw SignerError(
                    .replay,
                    "the request \(request.idHex) was already signed; pass --again to sign the identical request again")
            }
        }
        return Checked(request: request, signedBefore: !earlier.isEmpty, again: options.again)
    }

    /// The replay and expiry rules again, under the keystore lock, right before signing: another
    /// signer process may have signed in the meantime, and the person may have taken their time.
    static func recheck(_ checked: Checked, journal: SigningJournal, now: Date) throws(SignerError) {
        let request = checked.request
        guard now < request.expires else {
            throw SignerError(.expired, "the request expired at \(UTCTime.format(request.expires))")
        }
        let earlier = journal.entries(for: request.id)
        guard earlier.allSatisfy({ $0.requestSHA256 == request.sha256 }) else {
            throw SignerError(.replay, "the request ID \(request.idHex) was already signed for a different request")
        }
        guard earlier.isEmpty || checked.again else {
            throw SignerError(
                .replay,
                "the request \(request.idHex) was already signed; pass --again to sign the identical request again")
        }
    }

    /// Unlocks the key, signs, appends to the journal and then writes the response atomically.
    public static func sign(
        _ checked: Checked, keystore: Keystore, passphrase: SecureBytes, responsePath: String, now: Date = Date()
    ) throws(SignerError) -> SigningResponse {
        try keystore.exclusively { () throws(SignerError) in
            let journal = try SigningJournal(contentsOfFile: keystore.journalPath)
            try recheck(checked, journal: journal, now: now)
            let key = try keystore.unlock(passphrase: passphrase, now: now)
            let request = checked.request
            let signature = try key.signature(for: message(keyID: keystore.keyID, request: request))
            let response = try SigningResponse(
                requestID: request.id, requestSHA256: request.sha256,
                signers: [.init(keyID: keystore.keyID, algorithm: keystore.algorithm, signature: signature)])
            try journal.append(
                requestID: request.id, requestSHA256: request.sha256, keyID: keystore.keyID,
                responseSHA256: SHA256.hash(data: response.bytes).bytes, time: now, to: keystore.journalPath)
            try FileAccess.write(response.bytes, to: responsePath, what: "response")
            return response
        }
    }

    /// Checks every payload file beside the request against its size and SHA-256.
    public static func checkPayloads(
        _ request: SigningRequest, folder: String, progress: (String, UInt64, UInt64) -> Void = { _, _, _ in }
    ) throws(SignerError) {
        for payload in request.payloads {
            let (sha256, byteCount) = try PayloadHasher.hash(folder + "/" + payload.name) { done, total in
                progress(payload.name, done, total)
            }
            guard byteCount == payload.byteCount, sha256 == payload.sha256 else {
                throw SignerError(
                    .verificationFailed, "the payload \(payload.name) does not match the request's hash and size")
            }
        }
    }

    /// Verifies `response` against `request`, its payloads and `trusted` keys. Returns the trusted
    /// keys whose signatures verified and the key IDs it did not know.
    public static func verify(
        _ response: SigningResponse, request: SigningRequest, payloadFolder: String?, trusted: [SignerPublicKey],
        threshold: Int = 1, now: Date = Date(), allowExpired: Bool = false
    ) throws(SignerError) -> (valid: [KeyID], unknown: [KeyID]) {
        guard response.requestID == request.id, response.requestSHA256 == request.sha256 else {
            throw SignerError(.verificationFailed, "the response is for another request")
        }
        if let payloadFolder { try checkPayloads(request, folder: payloadFolder) }
        guard allowExpired || now < request.expires else {
            throw SignerError(.expired, "the request expired at \(UTCTime.format(request.expires))")
        }
        var valid: [KeyID] = []
        var unknown: [KeyID] = []
        for signer in response.signers {
            guard let key = trusted.first(where: { $0.keyID == signer.keyID }) else {
                unknown.append(signer.keyID)
                continue
            }
            guard key.algorithm == signer.algorithm,
                key.isValidSignature(signer.signature, for: message(keyID: signer.keyID, request: request))
            else { throw SignerError.verificationFailed }
            valid.append(signer.keyID)
        }
        guard valid.count >= threshold else {
            throw SignerError(
                .thresholdNotMet, "\(valid.count) of the required \(threshold) trusted signatures are present")
        }
        return (valid, unknown)
    }

    /// Merges responses for one request into one, refusing responses for different requests.
    public static func combine(_ responses: [SigningResponse]) throws(SignerError) -> SigningResponse {
        guard let first = responses.first else { throw SignerError(.usage, "combine needs at least one response") }
        guard responses.allSatisfy({ $0.requestID == first.requestID && $0.requestSHA256 == first.requestSHA256 })
        else {
            throw SignerError(.verificationFailed, "the responses are for different requests")
        }
        var signers: [KeyID: SigningResponse.Signer] = [:]
        for signer in responses.flatMap(\.signers) {
            if let existing = signers[signer.keyID], existing != signer {
                throw SignerError(
                    .verificationFailed, "two responses carry different signatures from key \(signer.keyID)")
            }
            signers[signer.keyID] = signer
        }
        return try SigningResponse(
            requestID: first.requestID, requestSHA256: first.requestSHA256, signers: Array(signers.values))
    }
}
