import Foundation
import Testing

@testable import WalletCrypto

@Suite("HPKE")
struct HPKETests {
    let info = Array("wallet-export v1".utf8)
    let psk = SymmetricKey(size: 256)
    let pskID = Array("psk-2026".utf8)

    @Test(arguments: HPKE.KDF.allCases, HPKE.AEAD.allCases.filter { $0 != .exportOnly })
    func everyModeRoundTripsOverX25519(kdf: HPKE.KDF, aead: HPKE.AEAD) throws {
        try roundTrip(X25519.KeyAgreement.self, HPKE.Ciphersuite(kem: .Curve25519_HKDF_SHA256, kdf: kdf, aead: aead))
    }

    @Test func everyModeRoundTripsOverP256() throws {
        try roundTrip(P256.KeyAgreement.self, .P256_SHA256_AES_GCM_128)
    }

    private func roundTrip<S: KeyAgreementScheme>(_: S.Type, _ suite: HPKE.Ciphersuite) throws {
        let recipient = S.PrivateKey()
        let sender = S.PrivateKey()
        var senders = [
            try HPKE.Sender(recipientKey: recipient.publicKey, ciphersuite: suite, info: info),
            try HPKE.Sender(
                recipientKey: recipient.publicKey, ciphersuite: suite, info: info, presharedKey: psk,
                presharedKeyIdentifier: pskID),
            try HPKE.Sender(recipientKey: recipient.publicKey, ciphersuite: suite, info: info, authenticatedBy: sender),
            try HPKE.Sender(
                recipientKey: recipient.publicKey, ciphersuite: suite, info: info, authenticatedBy: sender,
                presharedKey: psk, presharedKeyIdentifier: pskID),
        ]
        for mode in 0..<4 {
            let enc = senders[mode].encapsulatedKey
            var recipients = try [
                HPKE.Recipient(privateKey: recipient, ciphersuite: suite, info: info, encapsulatedKey: enc),
                HPKE.Recipient(
                    privateKey: recipient, ciphersuite: suite, info: info, encapsulatedKey: enc, presharedKey: psk,
                    presharedKeyIdentifier: pskID),
                HPKE.Recipient(
                    privateKey: recipient, ciphersuite: suite, info: info, encapsulatedKey: enc,
                    authenticatedBy: sender.publicKey),
                HPKE.Recipient(
                    privateKey: recipient, ciphersuite: suite, info: info, encapsulatedKey: enc,
                    authenticatedBy: sender.publicKey, presharedKey: psk, presharedKeyIdentifier: pskID),
            ]
            for message in [[UInt8](), [1], SecureRandom.bytes(count: 5000)] {
                let ciphertext = try senders[mode].seal(message, authenticating: [9])
                #expect(Array(try recipients[mode].open(ciphertext, authenticating: [9])) == message)
                // Every other mode derives different keys, so it cannot open the message.
                for other in 0..<4 where other != mode {
                    #expect(throws: CryptoError.authenticationFailure) {
                        try recipients[other].open(ciphertext, authenticating: [9])
                    }
                }
            }
            let exported = try senders[mode].exportSecret(context: [1, 2], outputByteCount: 42)
            #expect(try recipients[mode].exportSecret(context: [1, 2], outputByteCount: 42) == exported)
        }
    }

    @Test func wrongRecipientSenderOrOrderFails() throws {
        let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
        let recipient = X25519.KeyAgreement.PrivateKey()
        let sender = X25519.KeyAgreement.PrivateKey()
        var sealing = try HPKE.Sender(
            recipientKey: recipient.publicKey, ciphersuite: suite, info: info, authenticatedBy: sender)
        let first = try sealing.seal([1])
        let second = try sealing.seal([2])
        var stranger = try HPKE.Recipient(
            privateKey: X25519.KeyAgreement.PrivateKey(), ciphersuite: suite, info: info,
            encapsulatedKey: sealing.encapsulatedKey, authenticatedBy: sender.publicKey)
        #expect(throws: CryptoError.authenticationFailure) { try stranger.open(first) }
        var impostor = try HPKE.Recipient(
            privateKey: recipient, ciphersuite: suite, info: info, encapsulatedKey: sealing.encapsulatedKey,
            authenticatedBy: X25519.KeyAgreement.PrivateKey().publicKey)
        #expect(throws: CryptoError.authenticationFailure) { try impostor.open(first) }
        var opening = try HPKE.Recipient(
            privateKey: recipient, ciphersuite: suite, info: info, encapsulatedKey: sealing.encapsulatedKey,
            authenticatedBy: sender.publicKey)
        #expect(throws: CryptoError.authenticationFailure) { try opening.open(second) }
        #expect(try opening.open(first) == Data([1]))
        #expect(try opening.open(second) == Data([2]))
        var otherInfo = try HPKE.Recipient(
            privateKey: recipient, ciphersuite: suite, info: [0], encapsulatedKey: sealing.encapsulatedKey,
            authenticatedBy: sender.publicKey)
        #expect(throws: CryptoError.authenticationFailure) { try otherInfo.open(first) }
    }

    @Test func misuseIsRefusedWithAReason() throws {
        let x = X25519.KeyAgreement.PrivateKey()
        let p = P256.KeyAgreement.PrivateKey()
        let mismatch = #expect(throws: CryptoError.self) {
            try HPKE.Sender(recipientKey: p.publicKey, ciphersuite: .Curve25519_SHA256_ChachaPoly, info: info)
        }
        #expect(mismatch?.code == .invalidParameter)
        #expect(throws: CryptoError.self) {
            try HPKE.Recipient(
                privateKey: x, ciphersuite: .Curve25519_SHA256_ChachaPoly, info: info, encapsulatedKey: [1, 2])
        }
        #expect(throws: CryptoError.self) {
            try HPKE.Sender(
                recipientKey: x.publicKey, ciphersuite: .Curve25519_SHA256_ChachaPoly, info: info,
                presharedKey: SymmetricKey(size: 128), presharedKeyIdentifier: pskID)
        }
        #expect(throws: CryptoError.self) {
            try HPKE.Sender(
                recipientKey: x.publicKey, ciphersuite: .Curve25519_SHA256_ChachaPoly, info: info, presharedKey: psk,
                presharedKeyIdentifier: [UInt8]())
        }
        let exportOnly = HPKE.Ciphersuite(kem: .Curve25519_HKDF_SHA256, kdf: .HKDF_SHA512, aead: .exportOnly)
        var sender = try HPKE.Sender(recipientKey: x.publicKey, ciphersuite: exportOnly, info: info)
        #expect(throws: CryptoError.self) { try sender.seal([1]) }
        #expect(try sender.exportSecret(context: [], outputByteCount: 255 * 64).byteCount == 255 * 64)
        #expect(throws: CryptoError.self) { try sender.exportSecret(context: [], outputByteCount: 255 * 64 + 1) }
    }

    @Test func sequenceNumberExhaustionIsDetected() throws {
        let recipient = X25519.KeyAgreement.PrivateKey()
        var sender = try HPKE.Sender(
            recipientKey: recipient.publicKey, ciphersuite: .Curve25519_SHA256_AES_GCM_256, info: info)
        sender.context.setSequenceNumberForTesting(UInt64.max - 1)
        _ = try sender.seal([1])
        let error = #expect(throws: CryptoError.self) { try sender.seal([2]) }
        #expect(error?.code == .limitExceeded)
    }
}
