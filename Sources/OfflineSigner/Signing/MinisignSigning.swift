import Foundation
import WalletCrypto

/// Signing in minisign's format, so that `minisign -V` can check a payload with no other tool.
///
/// Security contract: the `.minisig` signs the payload's BLAKE2b-512 (minisign's prehashed mode),
/// computed in the same pass as the SHA-256 that is checked against the request, so both describe
/// the same bytes. The trusted comment, which the global signature covers, names the request ID,
/// kind, expiry, payload SHA-256, summary and key ID. minisign's 8-byte key ID is the first 8 bytes
/// of the signer's key ID. The signature is journalled like any other.
extension OfflineSigning {
    /// The keystore's public key in minisign's public-key file format (Ed25519 keystores only).
    /// Throws `SignerError`.
    public static func minisignPublicKey(_ keystore: Keystore) throws -> MinisignPublicKey {
        guard case .ed25519(let key) = keystore.publicKey else {
            throw SignerError(
                .usage, "minisign format needs an Ed25519 keystore, this one is \(keystore.algorithm.rawValue)")
        }
        return MinisignPublicKey(publicKey: key, keyID: minisignKeyID(keystore.keyID))
    }

    /// Signs the request's single payload as a `.minisig` written atomically to `path`.
    /// Throws `SignerError`.
    public static func signMinisign(
        _ checked: Checked, keystore: Keystore, passphrase: SecureBytes, payloadFolder: String, to path: String,
        now: Date = Date()
    ) throws {
        let minisignKey = try minisignPublicKey(keystore)
        let request = checked.request
        guard request.payloads.count == 1, let payload = request.payloads.first else {
            throw SignerError(.usage, "minisign format signs one payload; this request has \(request.payloads.count)")
        }
        let (sha256, digest, byteCount) = try PayloadHasher.hash(
            payloadFolder + "/" + payload.name, blake2b: true, progress: { _, _ in })
        guard sha256 == payload.sha256, byteCount == payload.byteCount, let digest else {
            throw SignerError(.verificationFailed, "the payload \(payload.name) changed since it was checked")
        }
        try keystore.exclusively { () throws(SignerError) in
            let journal = try SigningJournal(reading: keystore.journalPath)
            try recheck(checked, journal: journal, now: now)
            let key = try keystore.unlock(passphrase: passphrase, now: now)
            guard case .ed25519(let privateKey) = key else {
                throw SignerError(.usage, "minisign format needs Ed25519")
            }
            try writeMinisign(
                privateKey, key: minisignKey, digest: digest, checked: checked, keystore: keystore, journal: journal,
                to: path, now: now)
        }
    }

    private static func writeMinisign(
        _ privateKey: Ed25519.PrivateKey, key minisignKey: MinisignPublicKey, digest: Digest, checked: Checked,
        keystore: Keystore, journal: SigningJournal, to path: String, now: Date
    ) throws(SignerError) {
        let request = checked.request
        let payload = request.payloads[0]
        var comment =
            "walletcustody request \(request.idHex) kind \(request.kind) expires \(UTCTime.format(request.expires))"
        comment += " file \(payload.name) sha256 \(Hex.encode(payload.sha256)) key \(keystore.keyID)"
        // Only fields of fixed syntax go into the comment, so no requester text can add a field;
        // the request's SHA-256 binds everything else.
        comment += " request-sha256 \(Hex.encode(request.sha256))"
        if let summary = checked.content.summary {
            comment += " payments \(summary.paymentCount)"
            for money in summary.totals { comment += " total \(money.currency.text) \(money.amount.text)" }
        }
        let signature: MinisignSignature
        do {
            signature = try MinisignSignature(
                signingDigest: digest, with: privateKey, keyID: minisignKey.keyID, trustedComment: comment,
                untrustedComment: "signature from offline-signer key \(keystore.keyID)")
        } catch {
            throw SignerError(.ioFailure, "minisign signing failed: \(reasonOf(error))")
        }
        let bytes = Array(signature.fileRepresentation.utf8)
        try journal.append(
            .signed, request: request, totals: checked.content.summary?.totals ?? [], keyID: keystore.keyID,
            responseSHA256: SHA256.hash(data: bytes).bytes, time: now, to: keystore.journalPath)
        try FileAccess.write(bytes, to: path, what: "minisign signature")
    }

    static func minisignKeyID(_ keyID: KeyID) -> MinisignKeyID {
        // Eight bytes of a SHA-256-derived ID can always form a minisign key ID.
        try! MinisignKeyID(rawRepresentation: keyID.bytes.prefix(MinisignKeyID.byteCount))
    }
}
