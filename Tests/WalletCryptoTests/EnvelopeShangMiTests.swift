import Testing
import WalletCrypto

@Suite("Sealed envelopes, ShangMi profile")
struct EnvelopeShangMiTests {
    let alice = SM2.Encryption.PrivateKey()
    let bob = SM2.Encryption.PrivateKey()
    let carol = SM2.Encryption.PrivateKey()
    let signer = SM2.Signing.PrivateKey()

    @Test func signedHiddenAndManyRecipientsRoundTrip() throws {
        for message in [[UInt8](), [1], SecureRandom.bytes(count: 100_000)] {
            let envelope = try Envelope.seal(message, to: [alice.publicKey, bob.publicKey], signedBy: signer)
            let parsed = try Envelope(armoredRepresentation: envelope.armoredRepresentation)
            #expect(parsed == envelope && parsed.profile == .shangMi && parsed.senderKeyID == signer.publicKey.keyID)
            #expect(parsed.recipientKeyIDs == [alice.publicKey.keyID, bob.publicKey.keyID])
            for reader in [alice, bob] {
                let opened = try parsed.open(
                    with: [carol, reader], trustedSenders: [signer.publicKey], requireSignature: true)
                #expect(opened.message == message && opened.sender == signer.publicKey)
            }
            #expect(throws: CryptoError.authenticationFailure) {
                try parsed.open(with: [carol], trustedSenders: [signer.publicKey])
            }
        }
        let hidden = try Envelope.seal([7], to: [alice.publicKey, bob.publicKey], hideRecipients: true)
        #expect(hidden.recipientKeyIDs == [nil, nil] && hidden.senderKeyID == nil)
        #expect(try hidden.open(with: [bob]).message == [7])
        #expect(throws: CryptoError.authenticationFailure) { try hidden.open(with: [bob], requireSignature: true) }
        #expect(throws: CryptoError.authenticationFailure) {
            try Envelope.seal([1], to: [alice.publicKey], signedBy: signer).open(
                with: [alice], trustedSenders: [SM2.Signing.PrivateKey().publicKey])
        }
    }

    @Test func anEnvelopeOfOneProfileIsRefusedUnderTheOther() throws {
        let shangMi = try Envelope.seal([1, 2, 3], to: [alice.publicKey])
        let x25519 = X25519.KeyAgreement.PrivateKey()
        let standard = try Envelope.seal([1, 2, 3], to: [x25519.publicKey])
        #expect(standard.profile == .standard)
        let refusedByStandard = #expect(throws: CryptoError.self) { try shangMi.open(with: [x25519]) }
        #expect(refusedByStandard?.code == .invalidParameter && refusedByStandard?.reason.contains("profile") == true)
        let refusedByShangMi = #expect(throws: CryptoError.self) { try standard.open(with: [alice]) }
        #expect(refusedByShangMi?.code == .invalidParameter)
        #expect(throws: CryptoError.self) { try shangMi.rewrapped(using: x25519) }
        #expect(throws: CryptoError.self) { try standard.rewrapped(using: alice) }
        // Relabelling the suite to the standard one breaks the stanza layout or the MAC.
        var relabelled = shangMi.binaryRepresentation
        relabelled.replaceSubrange(5..<11, with: [0x00, 0x20, 0x00, 0x01, 0x00, 0x03])
        #expect(throws: CryptoError.self) { try Envelope(binaryRepresentation: relabelled).open(with: [x25519]) }
    }

    @Test func everyModifiedByteIsDetected() throws {
        let envelope = try Envelope.seal(Array("pay 5".utf8), to: [alice.publicKey], signedBy: signer)
        let bytes = envelope.binaryRepresentation
        for index in bytes.indices {
            var tampered = bytes
            tampered[index] ^= 0x04
            #expect(throws: CryptoError.self, "byte \(index)") {
                try Envelope(binaryRepresentation: tampered).open(with: [alice], trustedSenders: [signer.publicKey])
            }
        }
    }

    @Test func rewrapChangesOnlyTheHeader() throws {
        let message = SecureRandom.bytes(count: 5000)
        let envelope = try Envelope.seal(message, to: [alice.publicKey, bob.publicKey], signedBy: signer)
        let rewrapped = try envelope.rewrapped(using: bob, adding: [carol.publicKey], removing: [alice.publicKey.keyID])
        #expect(rewrapped.recipientKeyIDs == [bob.publicKey.keyID, carol.publicKey.keyID])
        #expect(
            rewrapped.binaryRepresentation.suffix(message.count + 16 + 64)
                == envelope.binaryRepresentation.suffix(message.count + 16 + 64))
        #expect(try rewrapped.open(with: [carol], trustedSenders: [signer.publicKey]).message == message)
        #expect(throws: CryptoError.authenticationFailure) {
            try rewrapped.open(with: [alice], trustedSenders: [signer.publicKey])
        }
        #expect(throws: CryptoError.authenticationFailure) { try envelope.rewrapped(using: carol) }
    }
}
