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
        /// The payloads as the signer read and decoded them.
        public let content: PayloadContent
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
        /// The policies, all of which must allow the request (the keystore's and any given on the
        /// command line, which can therefore only tighten it).
        public var policies: [SigningPolicy] = []
        /// How many payments of each payload the review keeps from the start and the end.
        public var keep = 5
        /// Keep every payment for the review.
        public var keepAll = false
        /// The time the checks use.
        public var now = Date()

        /// The defaults: no network, no re-signing, no policy, the current time.
        public init() {}
    }

    /// `"WalletCustody-offline-signature-v1" 0x00 ‖ key ID ‖ request bytes`: what each signer signs.
    static func message(keyID: KeyID, request: SigningRequest) -> [UInt8] {
        Array("WalletCustody-offline-signature-v1".utf8) + [0] + keyID.bytes + request.bytes
    }

    /// Runs every check that needs no secret, in the order a person would want them explained. A
    /// refusal after the request parsed is recorded in the journal with the request's kind and
    /// totals (under the keystore lock) before it is thrown.
    /// Throws `SignerError`.
    public static func check(
        requestPath: String, payloadFolder: String, keystore: Keystore, options: Options,
        progress: (String, UInt64, UInt64) -> Void = { _, _, _ in }
    ) throws -> Checked {
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
        var content: PayloadContent?
        do {
            guard options.now < request.expires else {
                throw SignerError(.expired, "the request expired at \(UTCTime.format(request.expires))")
            }
            content = try PayloadContent.read(
                request, folder: payloadFolder, keep: options.keep, keepAll: options.keepAll, progress: progress)
            try content!.check(against: request)
            if let quorum = request.quorum, !quorum.contains(keystore.keyID) {
                throw SignerError(
                    .policyViolation, "the request's quorum does not name this keystore's key \(keystore.keyID)")
            }
            let journal = try SigningJournal(reading: keystore.journalPath)
            for policy in options.policies {
                try policy.check(request, content: content!, journal: journal, now: options.now)
            }
            let earlier = journal.signatures(of: request.id)
            if !earlier.isEmpty {
                guard earlier.allSatisfy({ $0.requestSHA256 == request.sha256 }) else {
                    throw SignerError(
                        .replay, "the request ID \(request.idHex) was already signed for a different request")
                }
                guard options.again else {
                    throw SignerError(
                        .replay,
                        "the request \(request.idHex) was already signed; pass --again to sign the identical request again"
                    )
                }
            }
            return Checked(request: request, content: content!, signedBefore: !earlier.isEmpty, again: options.again)
        } catch let error as SignerError {
            try? record(refusal: error, request: request, content: content, keystore: keystore, now: options.now)
            throw error
        }
    }

    /// Journals a refused request with its kind and, when its payloads were read, their totals.
    static func record(
        refusal error: SignerError, request: SigningRequest, content: PayloadContent?, keystore: Keystore, now: Date
    ) throws(SignerError) {
        try keystore.exclusively { () throws(SignerError) in
            let journal = try SigningJournal(reading: keystore.journalPath)
            try journal.append(
                .refused(error.code.description), request: request, totals: content?.summary?.totals ?? [],
                keyID: keystore.keyID, time: now, to: keystore.journalPath)
        }
    }

    /// The replay and expiry rules again, under the keystore lock, right before signing: another
    /// signer process may have signed in the meantime, and the person may have taken their time.
    static func recheck(_ checked: Checked, journal: SigningJournal, now: Date) throws(SignerError) {
        let request = checked.request
        guard now < request.expires else {
            throw SignerError(.expired, "the request expired at \(UTCTime.format(request.expires))")
        }
        let earlier = journal.signatures(of: request.id)
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
    /// Throws `SignerError`.
    public static func sign(
        _ checked: Checked, keystore: Keystore, passphrase: SecureBytes, responsePath: String, now: Date = Date()
    ) throws -> SigningResponse {
        try keystore.exclusively { () throws(SignerError) in
            let journal = try SigningJournal(reading: keystore.journalPath)
            try recheck(checked, journal: journal, now: now)
            let key = try keystore.unlock(passphrase: passphrase, now: now)
            let request = checked.request
            let signature = try key.signature(for: message(keyID: keystore.keyID, request: request))
            let response = try SignerError.narrowing(.invalidFile) {
                try SigningResponse(
                    requestID: request.id, requestSHA256: request.sha256,
                    signers: [.init(keyID: keystore.keyID, algorithm: keystore.algorithm, signature: signature)])
            }
            try journal.append(
                .signed, request: request, totals: checked.content.summary?.totals ?? [], keyID: keystore.keyID,
                responseSHA256: SHA256.hash(data: response.bytes).bytes, time: now, to: keystore.journalPath)
            try FileAccess.write(response.bytes, to: responsePath, what: "response")
            return response
        }
    }

    /// Verifies `response` against `request`, its payloads and `trusted` keys. Only signatures from
    /// trusted keys count, and when the request names a quorum only those from its key set; the
    /// threshold is the request's quorum, raised (never lowered) by `threshold`. A request without a
    /// quorum needs an explicit `threshold`. Returns the counted keys and the key IDs it ignored.
    /// Throws `SignerError`.
    public static func verify(
        _ response: SigningResponse, request: SigningRequest, payloadFolder: String?, trusted: [SignerPublicKey],
        threshold: Int?, now: Date = Date(), allowExpired: Bool = false
    ) throws -> (valid: [KeyID], unknown: [KeyID], threshold: Int) {
        guard response.requestID == request.id, response.requestSHA256 == request.sha256 else {
            throw SignerError(.verificationFailed, "the response is for another request")
        }
        let required: Int
        switch (request.quorum, threshold) {
        case (let quorum?, let threshold?): required = max(quorum.threshold, threshold)
        case (let quorum?, nil): required = quorum.threshold
        case (nil, let threshold?): required = threshold
        case (nil, nil):
            throw SignerError(.usage, "the request names no quorum, so --threshold is required")
        }
        if let payloadFolder {
            let content = try PayloadContent.read(request, folder: payloadFolder, keep: 0)
            if request.version == 2 { try content.check(against: request) }
        }
        guard allowExpired || now < request.expires else {
            throw SignerError(.expired, "the request expired at \(UTCTime.format(request.expires))")
        }
        var valid: [KeyID] = []
        var unknown: [KeyID] = []
        for signer in response.signers {
            guard let key = trusted.first(where: { $0.keyID.bytes == signer.keyID.bytes }),
                request.quorum?.contains(signer.keyID) ?? true
            else {
                unknown.append(signer.keyID)
                continue
            }
            guard key.algorithm == signer.algorithm,
                key.isValidSignature(signer.signature, for: message(keyID: signer.keyID, request: request))
            else { throw SignerError.verificationFailed }
            valid.append(signer.keyID)
        }
        guard valid.count >= required else {
            throw SignerError(
                .thresholdNotMet, "\(valid.count) of the required \(required) trusted signatures are present")
        }
        return (valid, unknown, required)
    }

    /// Merges responses for one request into one, refusing responses for different requests.
    /// Throws `SignerError`.
    public static func combine(_ responses: [SigningResponse]) throws -> SigningResponse {
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
