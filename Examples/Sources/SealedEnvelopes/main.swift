// Sealed envelopes between two parties: Alice seals a message to Bob's X25519 key and signs it
// with her Ed25519 key (envelope-v1); Bob opens it, trusting only Alice as sender. A changed byte
// and a wrong recipient are refused. Exits 1 if any step does not behave so.
import Foundation
import WalletCrypto

struct ExampleFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func run() throws {
    let alice = Curve25519.Signing.PrivateKey()  // Alice's long-term signing key.
    let bob = Curve25519.KeyAgreement.PrivateKey()  // Bob's long-term encryption key.
    let mallory = Curve25519.KeyAgreement.PrivateKey()

    let message = Data("Move 250,000 EUR from cold to hot wallet 7 at 16:00 UTC".utf8)
    let envelope = try Envelope.seal(message, to: [bob.publicKey], signedBy: alice)
    let armoured = envelope.armoredRepresentation
    print("sealed \(message.count) bytes into \(envelope.binaryRepresentation.count); sender \(alice.publicKey.keyID)")

    let received = try Envelope(armoredRepresentation: armoured)
    let (opened, sender) = try received.open(
        with: [bob], trustedSenders: [alice.publicKey], requireSignature: true)
    guard Data(opened) == message, sender == alice.publicKey else { throw ExampleFailure("Bob read something else") }
    print("Bob opened it and Alice's signature verified")

    var tampered = envelope.binaryRepresentation
    tampered[tampered.count - 1] ^= 1
    do {
        _ = try Envelope(binaryRepresentation: tampered).open(with: [bob], trustedSenders: [alice.publicKey])
        throw ExampleFailure("a changed envelope opened")
    } catch let error as CryptoError where error.code == .authenticationFailure {
        print("a changed byte is refused: \(error)")
    }
    do {
        _ = try received.open(with: [mallory])
        throw ExampleFailure("another key opened the envelope")
    } catch let error as CryptoError where error.code == .authenticationFailure {
        print("another recipient is refused: \(error)")
    }
}

do {
    try run()
    print("SealedEnvelopes: ok")
} catch {
    print("SealedEnvelopes: FAILED: \(error)")
    exit(1)
}
