import Foundation

extension HPKE {
    /// The receiving side of an HPKE context: decapsulates the sender's `enc`, then opens messages
    /// in order and exports the same secrets as the sender.
    ///
    /// Security contract: `open` fails with the one generic `.authenticationFailure` for a wrong
    /// key, a wrong sender (auth modes), a wrong pre-shared key, modified data or a message out of
    /// order. A failed `open` does not advance the sequence number.
    public struct Recipient: Sendable {
        var context: HPKEContext
        /// The suite in use.
        public var ciphersuite: Ciphersuite { context.suite }

        /// Base mode.
        /// Throws `CryptoError`.
        public init<S: KeyAgreementScheme>(
            privateKey: AsymmetricPrivateKey<S>, ciphersuite: Ciphersuite, info: some DataProtocol,
            encapsulatedKey: some DataProtocol
        ) throws {
            try self.init(
                recipient: privateKey.key, suite: ciphersuite, mode: .base, info: Array(info),
                enc: Array(encapsulatedKey), sender: nil, psk: nil, pskID: [])
        }

        /// PSK mode.
        /// Throws `CryptoError`.
        public init<S: KeyAgreementScheme>(
            privateKey: AsymmetricPrivateKey<S>, ciphersuite: Ciphersuite, info: some DataProtocol,
            encapsulatedKey: some DataProtocol, presharedKey: SymmetricKey, presharedKeyIdentifier: some DataProtocol
        ) throws {
            try self.init(
                recipient: privateKey.key, suite: ciphersuite, mode: .psk, info: Array(info),
                enc: Array(encapsulatedKey), sender: nil, psk: presharedKey.secret, pskID: Array(presharedKeyIdentifier)
            )
        }

        /// Auth mode: opening succeeds only for messages sealed by the holder of `authenticatedBy`'s key.
        /// Throws `CryptoError`.
        public init<S: KeyAgreementScheme>(
            privateKey: AsymmetricPrivateKey<S>, ciphersuite: Ciphersuite, info: some DataProtocol,
            encapsulatedKey: some DataProtocol, authenticatedBy senderKey: AsymmetricPublicKey<S>
        ) throws {
            try self.init(
                recipient: privateKey.key, suite: ciphersuite, mode: .auth, info: Array(info),
                enc: Array(encapsulatedKey), sender: senderKey.key, psk: nil, pskID: [])
        }

        /// Auth-PSK mode.
        /// Throws `CryptoError`.
        public init<S: KeyAgreementScheme>(
            privateKey: AsymmetricPrivateKey<S>, ciphersuite: Ciphersuite, info: some DataProtocol,
            encapsulatedKey: some DataProtocol, authenticatedBy senderKey: AsymmetricPublicKey<S>,
            presharedKey: SymmetricKey, presharedKeyIdentifier: some DataProtocol
        ) throws {
            try self.init(
                recipient: privateKey.key, suite: ciphersuite, mode: .authPSK, info: Array(info),
                enc: Array(encapsulatedKey), sender: senderKey.key, psk: presharedKey.secret,
                pskID: Array(presharedKeyIdentifier))
        }

        init(
            recipient: PKey, suite: Ciphersuite, mode: Mode, info: [UInt8], enc: [UInt8], sender: PKey?,
            psk: SecureBytes?, pskID: [UInt8]
        ) throws(CryptoError) {
            try HPKE.checkKey(recipient, suite)
            if let sender { try HPKE.checkKey(sender, suite) }
            let kem = HPKEKEM(kem: suite.kem)
            let sharedSecret = try kem.decapsulate(enc, recipient: recipient, sender: sender)
            context = try HPKEContext(
                suite: suite, mode: mode, sharedSecret: sharedSecret, info: info, psk: psk, pskID: pskID,
                session: kem.session)
        }

        /// Opens the next message.
        /// Throws `CryptoError`.
        public mutating func open(_ ciphertext: some DataProtocol, authenticating aad: some DataProtocol = [UInt8]())
            throws -> Data
        {
            try ContiguousInput.with(ciphertext) { c in try ContiguousInput.with(aad) { try context.open(c, aad: $0) } }
        }

        /// Derives the same secret as `Sender.exportSecret(context:outputByteCount:)`.
        /// Throws `CryptoError`.
        public func exportSecret(context exporterContext: some DataProtocol, outputByteCount: Int) throws
            -> SymmetricKey
        {
            try context.export(context: Array(exporterContext), count: outputByteCount)
        }
    }
}
