import Foundation

/// A message sealed to one or more recipients: the `envelope-v1` format (`docs/spec/envelope-v1.md`).
///
/// Security contract: only holders of a recipient X25519 key can read the message; a MAC keyed from
/// the content key covers the whole header, so no recipient entry, flag or length can be changed
/// without a recipient's help; an optional Ed25519 signature tells every reader which sender key
/// sealed the message and body, and survives rewrapping. Recipient key IDs are optional hints; hidden
/// recipients cost the reader one HPKE attempt per stanza and key. Every failure to open (wrong
/// key, tampering, wrong or unknown sender) is the one generic `.authenticationFailure`. The
/// ShangMi profile (`Envelope+ShangMi.swift`) does the same with SM2 recipient and sender keys,
/// HKDF-SM3, HMAC-SM3 and SM4-GCM; each profile's keys refuse the other profile's envelopes.
public struct Envelope: Sendable, Equatable {
    /// The binary form, as the library's own code reads it.
    let bytes: [UInt8]
    let layout: EnvelopeLayout

    static let armorLabel = "WALLETCUSTODY ENVELOPE"
    static let hpkeInfo = Array("WalletCustody envelope-v1".utf8)
    static let macInfo = Array("WalletCustody envelope-v1 header".utf8)
    static let bodyInfo = Array("WalletCustody envelope-v1 body".utf8)
    static let signatureLabel = Array("WalletCustody envelope-v1 signature".utf8) + [0]

    /// The binary form, as `Data`.
    public var binaryRepresentation: Data { Data(bytes) }

    /// The armoured text form, for copy and paste.
    public var armoredRepresentation: String { PEM.encode(label: Self.armorLabel, bytes) }

    /// The envelope's algorithm profile: `.standard` (X25519, Ed25519, ChaCha20-Poly1305) or
    /// `.shangMi` (SM2, SM3, SM4).
    public var profile: AlgorithmProfile { layout.profile }

    /// The signer's key ID, or nil for an unsigned envelope.
    public var senderKeyID: KeyID? { layout.senderKeyID.flatMap { try? KeyID(bytes: $0) } }

    /// Each recipient entry's key ID hint; nil for a hidden recipient.
    public var recipientKeyIDs: [KeyID?] { layout.stanzas.map { $0.hint.flatMap { try? KeyID(bytes: $0) } } }

    /// Parses the binary form. Throws `CryptoError` `.invalidEncoding` for anything the spec rejects.
    public init(binaryRepresentation: some DataProtocol) throws {
        let bytes = Array(binaryRepresentation)
        layout = try EnvelopeLayout(parsing: bytes)
        self.bytes = bytes
    }

    /// Parses the armoured form.
    /// Throws `CryptoError`.
    public init(armoredRepresentation text: String) throws {
        try self.init(binaryRepresentation: try PEM.decode(label: Self.armorLabel, text))
    }

    init(layout: EnvelopeLayout) {
        self.layout = layout
        bytes = layout.bytes
    }

    /// Two envelopes are equal when their bytes are.
    public static func == (lhs: Envelope, rhs: Envelope) -> Bool {
        lhs.bytes == rhs.bytes
    }

    /// Seals `message` to `recipients` (1 to 64), signed by `sender` when given. With
    /// `hideRecipients` the entries carry no key IDs.
    /// Throws `CryptoError`.
    public static func seal(
        _ message: some DataProtocol, to recipients: [X25519.KeyAgreement.PublicKey],
        signedBy sender: Ed25519.PrivateKey? = nil, hideRecipients: Bool = false
    ) throws -> Envelope {
        try sealed(
            message, recipientCount: recipients.count, profile: .standard, senderKeyID: sender?.publicKey.keyID.bytes,
            stanza: { contentKey, fixed in
                try recipients.map { try stanza(contentKey, to: $0, fixed: fixed, hide: hideRecipients) }
            },
            body: { message, contentKey, fixed in
                try ChaChaPoly.seal(
                    message, using: derive(contentKey, Self.bodyInfo),
                    nonce: ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12)), authenticating: fixed
                ).ciphertextAndTag
            },
            signature: { fixed, body in
                try sender?.ed25519Signature(for: signedMessage(fixed: fixed, body: body)).rawBytes
            })
    }

    /// The steps every profile's `seal` shares: checks, a fresh content key (32 bytes, or 16 for
    /// SM4), F, the stanzas, the body, the optional signature, and the header MAC.
    static func sealed(
        _ message: some DataProtocol, recipientCount: Int, profile: AlgorithmProfile, senderKeyID: [UInt8]?,
        stanza: (SymmetricKey, [UInt8]) throws -> [EnvelopeLayout.Stanza],
        body: ([UInt8], SymmetricKey, [UInt8]) throws -> [UInt8], signature: ([UInt8], [UInt8]) throws -> [UInt8]?
    ) throws -> Envelope {
        guard (1...EnvelopeLayout.maximumRecipients).contains(recipientCount) else {
            throw CryptoError(.invalidParameter, "an envelope has 1 to 64 recipients, got \(recipientCount)")
        }
        let message = Array(message)
        guard message.count <= EnvelopeLayout.maximumBodyLength - AEADAlgorithm.tagByteCount else {
            throw CryptoError(.invalidParameter, "an envelope message is at most 4 GiB")
        }
        let contentKey = SymmetricKey(size: profile == .shangMi ? 128 : 256)
        let fixed = EnvelopeLayout.fixedHeader(
            senderKeyID: senderKeyID, bodyLength: message.count + AEADAlgorithm.tagByteCount, profile: profile)
        let stanzas = try stanza(contentKey, fixed)
        let sealedBody = try body(message, contentKey, fixed)
        return try Envelope(
            layout: finish(
                fixed: fixed, senderKeyID: senderKeyID, stanzas: stanzas, key: contentKey, body: sealedBody,
                signature: try signature(fixed, sealedBody)))
    }

    /// Opens the envelope with any of `keys`. A signed envelope's sender must be among
    /// `trustedSenders`; with `requireSignature`, unsigned envelopes are refused. Returns the message
    /// and, when signed, the verified sender.
    /// Throws `CryptoError`.
    public func open(
        with keys: [X25519.KeyAgreement.PrivateKey], trustedSenders: [Ed25519.PublicKey] = [],
        requireSignature: Bool = false
    ) throws -> (message: [UInt8], sender: Ed25519.PublicKey?) {
        try layout.require(.standard)
        let contentKey = try recoverContentKey(keys)
        return try openVerified(
            ChaChaPoly.self, bodyKey: Self.derive(contentKey, Self.bodyInfo), trustedSenders: trustedSenders,
            requireSignature: requireSignature,
            signedMessage: Self.signedMessage(fixed: layout.fixed, body: layout.body))
    }

    /// Checks the sender's signature against `trustedSenders` (or its absence against
    /// `requireSignature`), then opens the body with `A` under `bodyKey`; every failure is the
    /// generic authentication error.
    func openVerified<Sender: SigningScheme, A: AEADScheme>(
        _: A.Type, bodyKey: SymmetricKey, trustedSenders: [AsymmetricPublicKey<Sender>], requireSignature: Bool,
        signedMessage: [UInt8]
    ) throws -> (message: [UInt8], sender: AsymmetricPublicKey<Sender>?) {
        var sender: AsymmetricPublicKey<Sender>?
        if let senderID = layout.senderKeyID, let signatureBytes = layout.signature {
            guard let candidate = trustedSenders.first(where: { $0.keyID.bytes == senderID }),
                let signature = try? Sender.Signature(rawRepresentation: signatureBytes),
                candidate.isValidSignature(signature, for: signedMessage)
            else { throw CryptoError.authenticationFailure }
            sender = candidate
        } else if requireSignature {
            throw CryptoError.authenticationFailure
        }
        do {
            let box = try A.SealedBox(
                nonce: A.Nonce(data: [UInt8](repeating: 0, count: 12)),
                ciphertext: layout.body.dropLast(AEADAlgorithm.tagByteCount),
                tag: layout.body.suffix(AEADAlgorithm.tagByteCount))
            return (Array(try A.open(box, using: bodyKey, authenticating: layout.fixed)), sender)
        } catch {
            throw CryptoError.authenticationFailure
        }
    }

    /// A copy with recipients added and removed (by key ID), made by a current recipient holding
    /// `key`. Only the header changes; the body and the sender's signature are kept as they are.
    /// Throws `CryptoError`.
    public func rewrapped(
        using key: X25519.KeyAgreement.PrivateKey, adding newRecipients: [X25519.KeyAgreement.PublicKey] = [],
        removing removedIDs: [KeyID] = [], hideNewRecipients: Bool = false
    ) throws -> Envelope {
        try layout.require(.standard)
        let contentKey = try recoverContentKey([key])
        let added = try newRecipients.map {
            try Self.stanza(contentKey, to: $0, fixed: layout.fixed, hide: hideNewRecipients)
        }
        return try rewrapped(contentKey: contentKey, adding: added, removing: removedIDs)
    }

    /// A copy with the stanzas `added` and those hinted with `removedIDs` dropped, MAC recomputed.
    func rewrapped(contentKey: SymmetricKey, adding added: [EnvelopeLayout.Stanza], removing removedIDs: [KeyID])
        throws -> Envelope
    {
        let removed = Set(removedIDs.map(\.bytes))
        let kept = layout.stanzas.filter { stanza in stanza.hint.map { !removed.contains($0) } ?? true }
        let stanzas = kept + added
        guard (1...EnvelopeLayout.maximumRecipients).contains(stanzas.count) else {
            throw CryptoError(.invalidParameter, "an envelope has 1 to 64 recipients, got \(stanzas.count)")
        }
        return try Envelope(
            layout: Self.finish(
                fixed: layout.fixed, senderKeyID: layout.senderKeyID, stanzas: stanzas, key: contentKey,
                body: layout.body, signature: layout.signature))
    }

    /// Tries every (stanza, key) pair the hints allow, then checks the header MAC.
    private func recoverContentKey(_ keys: [X25519.KeyAgreement.PrivateKey]) throws -> SymmetricKey {
        let info = Self.hpkeInfo + layout.fixed
        // A key's ID hashes its public key's DER: once per key, not once per stanza.
        let candidates = keys.map { ($0, $0.publicKey.keyID.bytes) }
        for stanza in layout.stanzas {
            for (key, keyID) in candidates where stanza.hint == nil || stanza.hint! == keyID {
                guard
                    var recipient = try? HPKE.Recipient(
                        privateKey: key, ciphersuite: EnvelopeLayout.suite, info: info, encapsulatedKey: stanza.enc),
                    var opened = try? recipient.open(stanza.wrappedKey)
                else { continue }
                let contentKey = SymmetricKey(data: opened)
                opened.withUnsafeMutableBytes { SecureMemory.cleanse($0.baseAddress!, count: $0.count) }
                let expected = try Self.mac(layout.authenticatedHeader, key: contentKey)
                guard expected.withUnsafeBytes({ mac in layout.mac.withUnsafeBytes { ConstantTime.equals(mac, $0) } })
                else {
                    throw CryptoError.authenticationFailure
                }
                return contentKey
            }
        }
        throw CryptoError.authenticationFailure
    }

    private static func stanza(
        _ contentKey: SymmetricKey, to recipient: X25519.KeyAgreement.PublicKey, fixed: [UInt8], hide: Bool
    ) throws -> EnvelopeLayout.Stanza {
        var sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: EnvelopeLayout.suite, info: hpkeInfo + fixed)
        let wrapped = try contentKey.withUnsafeBytes { try sender.seal($0) }
        return EnvelopeLayout.Stanza(
            hint: hide ? nil : recipient.keyID.bytes, enc: Array(sender.encapsulatedKey), wrappedKey: Array(wrapped))
    }

    static func finish(
        fixed: [UInt8], senderKeyID: [UInt8]?, stanzas: [EnvelopeLayout.Stanza], key: SymmetricKey, body: [UInt8],
        signature: [UInt8]?
    ) throws -> EnvelopeLayout {
        let unsigned = EnvelopeLayout(
            fixed: fixed, senderKeyID: senderKeyID, stanzas: stanzas, mac: [], body: body, signature: signature)
        let mac =
            unsigned.profile == .shangMi
            ? try shangMiMAC(unsigned.authenticatedHeader, key: key)
            : try mac(unsigned.authenticatedHeader, key: key)
        return EnvelopeLayout(
            fixed: fixed, senderKeyID: senderKeyID, stanzas: stanzas, mac: mac.bytes, body: body, signature: signature)
    }

    private static func derive(_ contentKey: SymmetricKey, _ info: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: contentKey, salt: [UInt8](), info: info, outputByteCount: 32)
    }

    private static func mac(_ header: [UInt8], key contentKey: SymmetricKey) throws -> AuthenticationCode {
        HMAC<SHA256>.authenticationCode(for: header, using: derive(contentKey, macInfo))
    }

    private static func signedMessage(fixed: [UInt8], body: [UInt8]) -> [UInt8] {
        signatureLabel + fixed + SHA256.hash(data: body).bytes
    }
}
