import Testing
import WalletCrypto

@Suite("Sealed envelopes (envelope-v1)")
struct EnvelopeTests {
    let alice = X25519.KeyAgreement.PrivateKey()
    let bob = X25519.KeyAgreement.PrivateKey()
    let carol = X25519.KeyAgreement.PrivateKey()
    let signer = Ed25519.PrivateKey()

    @Test func manyRecipientsSignedAndHidden() throws {
        for message in [[UInt8](), [1], SecureRandom.bytes(count: 100_000)] {
            let envelope = try Envelope.seal(message, to: [alice.publicKey, bob.publicKey], signedBy: signer)
            let parsed = try Envelope(armoredRepresentation: envelope.armoredRepresentation)
            #expect(parsed == envelope && parsed.senderKeyID == signer.publicKey.keyID)
            #expect(parsed.recipientKeyIDs == [alice.publicKey.keyID, bob.publicKey.keyID])
            for reader in [alice, bob] {
                let opened = try parsed.open(with: [carol, reader], trustedSenders: [signer.publicKey])
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
    }

    @Test func wrongOrUnknownSenderIsRefused() throws {
        let envelope = try Envelope.seal([1, 2], to: [alice.publicKey], signedBy: signer)
        #expect(throws: CryptoError.authenticationFailure) { try envelope.open(with: [alice]) }
        #expect(throws: CryptoError.authenticationFailure) {
            try envelope.open(with: [alice], trustedSenders: [Ed25519.PrivateKey().publicKey])
        }
    }

    @Test func everyModifiedByteIsDetected() throws {
        let envelope = try Envelope.seal(Array("pay 5".utf8), to: [alice.publicKey, bob.publicKey], signedBy: signer)
        let bytes = envelope.binaryRepresentation
        for index in bytes.indices {
            var tampered = bytes
            tampered[index] ^= 0x04
            #expect(throws: CryptoError.self, "byte \(index)") {
                try Envelope(binaryRepresentation: tampered).open(with: [alice], trustedSenders: [signer.publicKey])
            }
        }
        #expect(throws: CryptoError.self) { try Envelope(binaryRepresentation: bytes + [0]) }
        #expect(throws: CryptoError.self) { try Envelope(binaryRepresentation: Array(bytes.dropLast())) }
        var version = bytes
        version[4] = 2
        let error = #expect(throws: CryptoError.self) { try Envelope(binaryRepresentation: version) }
        #expect(error?.code == .invalidEncoding)
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
        #expect(throws: CryptoError.authenticationFailure) {
            try envelope.rewrapped(using: carol, adding: [carol.publicKey])
        }
        #expect(throws: CryptoError.self) {
            try envelope.rewrapped(using: alice, removing: [alice.publicKey.keyID, bob.publicKey.keyID])
        }
    }

    @Test func badSealParametersAreRefused() {
        #expect(throws: CryptoError.self) { try Envelope.seal([1], to: [X25519.KeyAgreement.PublicKey]()) }
        let many = (0..<65).map { _ in X25519.KeyAgreement.PrivateKey().publicKey }
        #expect(throws: CryptoError.self) { try Envelope.seal([1], to: many) }
    }
}
