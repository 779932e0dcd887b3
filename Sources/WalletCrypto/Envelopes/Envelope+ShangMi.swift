import Foundation

/// The ShangMi profile of `envelope-v1` (`docs/spec/envelope-v1.md`, "ShangMi profile"): a 16-byte
/// content key SM2-encrypted to each recipient, HKDF-SM3 and HMAC-SM3 for the header MAC, an SM4-GCM
/// body and an SM2 signature with the standard distinguishing ID.
extension Envelope {
    /// Seals `message` to SM2 encryption keys (1 to 64) in the ShangMi profile, signed by the SM2
    /// `sender` when given (distinguishing ID `1234567812345678`). With `hideRecipients` the entries
    /// carry no key IDs. Throws `CryptoError` `.invalidParameter` for a recipient count outside
    /// 1...64 or a message above 4 GiB.
    ///
    /// Security contract: as `seal(_:to:signedBy:hideRecipients:)`, with national algorithms only.
    /// The envelope opens only with `open(with:trustedSenders:requireSignature:)` given SM2 keys.
    public static func seal(
        _ message: some DataProtocol, to recipients: [SM2.Encryption.PublicKey],
        signedBy sender: SM2.Signing.PrivateKey? = nil, hideRecipients: Bool = false
    ) throws -> Envelope {
        try sealed(
            message, recipientCount: recipients.count, profile: .shangMi, senderKeyID: sender?.publicKey.keyID.bytes,
            stanza: { contentKey, _ in
                try recipients.map { try shangMiStanza(contentKey, to: $0, hide: hideRecipients) }
            },
            body: { message, contentKey, fixed in
                try SM4.GCM.seal(
                    message, using: shangMiDerive(contentKey, bodyInfo, 16),
                    nonce: SM4.GCM.Nonce(data: [UInt8](repeating: 0, count: 12)), authenticating: fixed
                ).ciphertextAndTag
            },
            signature: { fixed, body in
                try sender?.signature(for: shangMiSignedMessage(fixed: fixed, body: body)).rawBytes
            })
    }

    /// Opens a ShangMi envelope with any of the SM2 encryption `keys`. A signed envelope's sender
    /// must be among `trustedSenders` (verified with the standard distinguishing ID); with
    /// `requireSignature`, unsigned envelopes are refused. Throws `CryptoError` `.invalidParameter`
    /// for an envelope of the standard profile (before any key is used) and
    /// `.authenticationFailure` for every other failure.
    public func open(
        with keys: [SM2.Encryption.PrivateKey], trustedSenders: [SM2.Signing.PublicKey] = [],
        requireSignature: Bool = false
    ) throws -> (message: [UInt8], sender: SM2.Signing.PublicKey?) {
        try layout.require(.shangMi)
        let contentKey = try recoverShangMiContentKey(keys)
        return try openVerified(
            SM4.GCM.self, bodyKey: Self.shangMiDerive(contentKey, Self.bodyInfo, 16),
            trustedSenders: trustedSenders, requireSignature: requireSignature,
            signedMessage: Self.shangMiSignedMessage(fixed: layout.fixed, body: layout.body))
    }

    /// A copy of a ShangMi envelope with SM2 recipients added and others removed (by key ID), made
    /// by a current recipient holding `key`. The body and the sender's signature are kept.
    /// Throws `CryptoError` `.authenticationFailure` when `key` is not a recipient.
    public func rewrapped(
        using key: SM2.Encryption.PrivateKey, adding newRecipients: [SM2.Encryption.PublicKey] = [],
        removing removedIDs: [KeyID] = [], hideNewRecipients: Bool = false
    ) throws -> Envelope {
        try layout.require(.shangMi)
        let contentKey = try recoverShangMiContentKey([key])
        let added = try newRecipients.map { try Self.shangMiStanza(contentKey, to: $0, hide: hideNewRecipients) }
        return try rewrapped(contentKey: contentKey, adding: added, removing: removedIDs)
    }

    /// Tries every (stanza, key) pair the hints allow, then checks the header MAC.
    private func recoverShangMiContentKey(_ keys: [SM2.Encryption.PrivateKey]) throws -> SymmetricKey {
        let candidates = keys.map { ($0, $0.publicKey.keyID.bytes) }
        for stanza in layout.stanzas {
            guard let ciphertext = try? SM2Ciphertext(c1c3c2Representation: stanza.wrappedKey) else { continue }
            for (key, keyID) in candidates where stanza.hint == nil || stanza.hint! == keyID {
                guard let opened = try? key.decrypt(ciphertext), opened.count == 16 else { continue }
                let contentKey = SymmetricKey(opened)
                let expected = try Self.shangMiMAC(layout.authenticatedHeader, key: contentKey)
                guard expected.withUnsafeBytes({ mac in layout.mac.withUnsafeBytes { ConstantTime.equals(mac, $0) } })
                else { throw CryptoError.authenticationFailure }
                return contentKey
            }
        }
        throw CryptoError.authenticationFailure
    }

    private static func shangMiStanza(_ contentKey: SymmetricKey, to recipient: SM2.Encryption.PublicKey, hide: Bool)
        throws -> EnvelopeLayout.Stanza
    {
        let wrapped = try contentKey.withUnsafeBytes { try recipient.encrypt($0) }.c1c3c2Bytes
        return EnvelopeLayout.Stanza(hint: hide ? nil : recipient.keyID.bytes, enc: [], wrappedKey: wrapped)
    }

    private static func shangMiDerive(_ contentKey: SymmetricKey, _ info: [UInt8], _ count: Int) -> SymmetricKey {
        HKDF<SM3>.deriveKey(inputKeyMaterial: contentKey, salt: [UInt8](), info: info, outputByteCount: count)
    }

    static func shangMiMAC(_ header: [UInt8], key contentKey: SymmetricKey) throws -> AuthenticationCode {
        HMAC<SM3>.authenticationCode(for: header, using: shangMiDerive(contentKey, macInfo, 32))
    }

    private static func shangMiSignedMessage(fixed: [UInt8], body: [UInt8]) -> [UInt8] {
        signatureLabel + fixed + SM3.hash(data: body).bytes
    }
}
