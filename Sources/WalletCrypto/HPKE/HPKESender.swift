import Foundation

extension HPKE {
    /// The sending side of an HPKE context: encapsulates a fresh key to the recipient, then seals
    /// messages in order and exports secrets.
    ///
    /// Security contract: every sender draws a new ephemeral key, so two senders never share keys.
    /// Messages must be opened in the order sealed; a recipient that misses one cannot open later
    /// ones. `encapsulatedKey` is public and must reach the recipient with the ciphertexts.
    public struct Sender: Sendable {
        var context: HPKEContext
        /// `enc`: the ephemeral public key to send to the recipient.
        public let encapsulatedKey: Data
        /// The suite in use.
        public var ciphersuite: Ciphersuite { context.suite }

        /// Base mode: confidentiality to `recipientKey`, no sender authentication. Throws
        /// `.invalidParameter` when the key's algorithm is not the suite's KEM.
        /// Throws `CryptoError`.
        public init<S: KeyAgreementScheme>(
            recipientKey: AsymmetricPublicKey<S>, ciphersuite: Ciphersuite, info: some DataProtocol
        ) throws {
            try self.init(
                recipient: recipientKey.key, suite: ciphersuite, mode: .base, info: Array(info), sender: nil,
                psk: nil, pskID: [], ephemeral: nil)
        }

        /// PSK mode: also binds a pre-shared key of at least 32 bytes and its non-empty ID.
        /// Throws `CryptoError`.
        public init<S: KeyAgreementScheme>(
            recipientKey: AsymmetricPublicKey<S>, ciphersuite: Ciphersuite, info: some DataProtocol,
            presharedKey: SymmetricKey, presharedKeyIdentifier: some DataProtocol
        ) throws {
            try self.init(
                recipient: recipientKey.key, suite: ciphersuite, mode: .psk, info: Array(info), sender: nil,
                psk: presharedKey.secret, pskID: Array(presharedKeyIdentifier), ephemeral: nil)
        }

        /// Auth mode: the recipient learns that the holder of `authenticatedBy` sealed the messages.
        /// Throws `CryptoError`.
        public init<S: KeyAgreementScheme>(
            recipientKey: AsymmetricPublicKey<S>, ciphersuite: Ciphersuite, info: some DataProtocol,
            authenticatedBy senderKey: AsymmetricPrivateKey<S>
        ) throws {
            try self.init(
                recipient: recipientKey.key, suite: ciphersuite, mode: .auth, info: Array(info), sender: senderKey.key,
                psk: nil, pskID: [], ephemeral: nil)
        }

        /// Auth-PSK mode: sender authentication and a pre-shared key together.
        /// Throws `CryptoError`.
        public init<S: KeyAgreementScheme>(
            recipientKey: AsymmetricPublicKey<S>, ciphersuite: Ciphersuite, info: some DataProtocol,
            authenticatedBy senderKey: AsymmetricPrivateKey<S>, presharedKey: SymmetricKey,
            presharedKeyIdentifier: some DataProtocol
        ) throws {
            try self.init(
                recipient: recipientKey.key, suite: ciphersuite, mode: .authPSK, info: Array(info),
                sender: senderKey.key, psk: presharedKey.secret, pskID: Array(presharedKeyIdentifier), ephemeral: nil)
        }

        /// The common path; `ephemeral` is fixed only by the RFC 9180 vector tests.
        init(
            recipient: PKey, suite: Ciphersuite, mode: Mode, info: [UInt8], sender: PKey?, psk: SecureBytes?,
            pskID: [UInt8], ephemeral: PKey?
        ) throws(CryptoError) {
            try HPKE.checkKey(recipient, suite)
            if let sender { try HPKE.checkKey(sender, suite) }
            let kem = HPKEKEM(kem: suite.kem)
            let ephemeralKey: PKey
            if let ephemeral { ephemeralKey = ephemeral } else { ephemeralKey = try PKey.generate(suite.kem.algorithm) }
            let (sharedSecret, enc) = try kem.encapsulate(to: recipient, ephemeral: ephemeralKey, sender: sender)
            context = try HPKEContext(
                suite: suite, mode: mode, sharedSecret: sharedSecret, info: info, psk: psk, pskID: pskID,
                session: kem.session)
            encapsulatedKey = Data(enc)
        }

        /// Seals the next message. Throws `CryptoError` `.invalidParameter` for an export-only suite and
        /// `.limitExceeded` when the sequence numbers are exhausted.
        public mutating func seal(_ message: some DataProtocol, authenticating aad: some DataProtocol = [UInt8]())
            throws -> Data
        {
            // Lent in place, not copied: the message may be a key (envelopes wrap content keys).
            try ContiguousInput.with(message) { m in try ContiguousInput.with(aad) { try context.seal(m, aad: $0) } }
        }

        /// Derives `outputByteCount` bytes bound to `context` (RFC 9180 section 5.3).
        /// Throws `CryptoError`.
        public func exportSecret(context exporterContext: some DataProtocol, outputByteCount: Int) throws
            -> SymmetricKey
        {
            try context.export(context: Array(exporterContext), count: outputByteCount)
        }
    }

    /// Refuses a key whose algorithm is not the suite's KEM.
    static func checkKey(_ key: PKey, _ suite: Ciphersuite) throws(CryptoError) {
        guard key.algorithm == suite.kem.algorithm else {
            throw CryptoError(
                .invalidParameter, "the suite's KEM needs \(suite.kem.algorithm) keys, got \(key.algorithm)")
        }
    }
}
