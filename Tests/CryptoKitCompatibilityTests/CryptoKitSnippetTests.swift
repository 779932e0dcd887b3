import Foundation
import Testing
import WalletCrypto

// Code as a developer writes it against CryptoKit (Apple's swift-crypto), written from its documented
// signatures, with `import WalletCrypto` in place of `import Crypto`. Nothing here may name a
// WalletCrypto-only API: if one of these stops compiling, CryptoKit code stops compiling too.
// Each snippet also checks its own result, so the target is a test and not only a build.
struct CryptoKitSnippetTests {
    let message = Data("Transfer 25.00 EUR to wallet 42".utf8)

    @Test func symmetricKeys() {
        let key = SymmetricKey(size: .bits256)
        #expect(key.bitCount == 256)
        let other = SymmetricKey(size: SymmetricKeySize(bitCount: 128))
        #expect(other.bitCount == 128)
        let bytes = key.withUnsafeBytes { Data($0) }
        #expect(SymmetricKey(data: bytes) == key)
    }

    @Test func sha2Digests() {
        let digest = SHA256.hash(data: message)
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        #expect(hex.count == 64)
        #expect(Array(digest).count == SHA256.byteCount)
        var bytes = Data()
        for byte in digest { bytes.append(byte) }
        #expect(Data(digest) == bytes)
        var hasher = SHA384()
        hasher.update(data: message)
        let incremental: SHA384.Digest = hasher.finalize()
        #expect(incremental == SHA384.hash(data: message))
        #expect(Array(SHA512.hash(data: message)).count == 64)
        digest.withUnsafeBytes { #expect($0.count == 32) }
    }

    @Test func hmac() {
        let key = SymmetricKey(size: .bits256)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        #expect(HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: message, using: key))
        let received = Data(mac)
        #expect(HMAC<SHA256>.isValidAuthenticationCode(received, authenticating: message, using: key))
        #expect(!HMAC<SHA256>.isValidAuthenticationCode(received, authenticating: Data("other".utf8), using: key))
        var incremental = HMAC<SHA256>(key: key)
        incremental.update(data: message)
        let code: HMAC<SHA256>.MAC = incremental.finalize()
        #expect(code == mac)
        #expect(mac.byteCount == 32)
    }

    @Test func hkdf() {
        let inputKeyMaterial = SymmetricKey(size: .bits256)
        let salt = Data("salt".utf8)
        let info = Data("wallet session".utf8)
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: inputKeyMaterial, salt: salt, info: info, outputByteCount: 32)
        #expect(key.bitCount == 256)
        let same = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: inputKeyMaterial, salt: salt, info: info, outputByteCount: 32)
        #expect(key == same)
        let noSalt = HKDF<SHA512>.deriveKey(inputKeyMaterial: inputKeyMaterial, info: info, outputByteCount: 64)
        #expect(noSalt.bitCount == 512)
        let plain = HKDF<SHA384>.deriveKey(inputKeyMaterial: inputKeyMaterial, outputByteCount: 16)
        #expect(plain.bitCount == 128)
    }

    @Test func aesGCM() throws {
        let key = SymmetricKey(size: .bits256)
        let sealed = try AES.GCM.seal(message, using: key)
        let combined: Data = try #require(sealed.combined)
        let reopened = try AES.GCM.SealedBox(combined: combined)
        let plaintext: Data = try AES.GCM.open(reopened, using: key)
        #expect(String(data: plaintext, encoding: .utf8) == "Transfer 25.00 EUR to wallet 42")
        let header = Data("header".utf8)
        let withAAD = try AES.GCM.seal(message, using: key, nonce: AES.GCM.Nonce(), authenticating: header)
        let parts = try AES.GCM.SealedBox(nonce: withAAD.nonce, ciphertext: withAAD.ciphertext, tag: withAAD.tag)
        #expect(try AES.GCM.open(parts, using: key, authenticating: header) == message)
        #expect(throws: (any Error).self) { try AES.GCM.open(parts, using: SymmetricKey(size: .bits256)) }
    }

    @Test func chaChaPoly() throws {
        let key = SymmetricKey(size: .bits256)
        let sealed = try ChaChaPoly.seal(message, using: key)
        let combined: Data = sealed.combined
        let plaintext = try ChaChaPoly.open(ChaChaPoly.SealedBox(combined: combined), using: key)
        #expect(plaintext == message)
        let nonce = try ChaChaPoly.Nonce(data: Data(repeating: 7, count: 12))
        let fixed = try ChaChaPoly.seal(message, using: key, nonce: nonce, authenticating: Data("aad".utf8))
        #expect(Data(fixed.nonce) == Data(repeating: 7, count: 12))
    }

    @Test func curve25519Signing() throws {
        let privateKey = Curve25519.Signing.PrivateKey()
        let publicKeyData: Data = privateKey.publicKey.rawRepresentation
        #expect(publicKeyData.count == 32)
        let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: publicKeyData)
        let signature: Data = try privateKey.signature(for: message)
        #expect(signature.count == 64)
        #expect(publicKey.isValidSignature(signature, for: message))
        #expect(!publicKey.isValidSignature(signature, for: Data("other".utf8)))
        #expect(!publicKey.isValidSignature(signature.dropLast(), for: message))
        var tampered = signature
        tampered[tampered.startIndex + 10] ^= 1
        #expect(!publicKey.isValidSignature(tampered, for: message))
        // Without an annotation the signature is `Data` too, so Data's own API applies to it.
        let unannotated = try privateKey.signature(for: message)
        let encoded = unannotated.base64EncodedString()
        #expect(encoded.count == 88)
        let received = try #require(Data(base64Encoded: encoded))  // As it arrives over the network.
        #expect(received == signature)  // Ed25519 is deterministic.
        #expect(publicKey.isValidSignature(received, for: message))
        #expect(!Curve25519.Signing.PrivateKey().publicKey.isValidSignature(received, for: message))
    }

    @Test func privateKeyRoundTrips() throws {
        let signing = Curve25519.Signing.PrivateKey()
        #expect(signing.rawRepresentation.count == 32)
        let restored = try Curve25519.Signing.PrivateKey(rawRepresentation: signing.rawRepresentation)
        #expect(restored.publicKey.rawRepresentation == signing.publicKey.rawRepresentation)
        let copied = signing.rawRepresentation.withUnsafeBytes { Data($0) }
        #expect(copied.count == 32)
        let fromData = try Curve25519.Signing.PrivateKey(rawRepresentation: copied)
        #expect(try fromData.signature(for: message) == signing.signature(for: message))
        let agreement = Curve25519.KeyAgreement.PrivateKey()
        let agreementCopy = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: agreement.rawRepresentation)
        #expect(agreementCopy.publicKey.rawRepresentation == agreement.publicKey.rawRepresentation)
        let p256 = P256.Signing.PrivateKey()
        #expect(p256.rawRepresentation.count == 32)
        let fromRaw = try P256.Signing.PrivateKey(rawRepresentation: p256.rawRepresentation)
        let fromDER = try P256.Signing.PrivateKey(derRepresentation: p256.derRepresentation)
        let fromPEM = try P256.Signing.PrivateKey(pemRepresentation: p256.pemRepresentation)
        let x963: Data = p256.publicKey.x963Representation
        #expect(fromRaw.publicKey.x963Representation == x963)
        #expect(fromDER.publicKey.x963Representation == x963)
        #expect(fromPEM.publicKey.x963Representation == x963)
        #expect(p256.pemRepresentation.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let agreementP256 = P256.KeyAgreement.PrivateKey()
        let agreementP256Copy = try P256.KeyAgreement.PrivateKey(rawRepresentation: agreementP256.rawRepresentation)
        #expect(agreementP256Copy.publicKey.rawRepresentation == agreementP256.publicKey.rawRepresentation)
        #expect(throws: (any Error).self) { try P256.Signing.PrivateKey(rawRepresentation: Data(count: 31)) }
    }

    @Test func curve25519KeyAgreement() throws {
        let alice = Curve25519.KeyAgreement.PrivateKey()
        let bob = Curve25519.KeyAgreement.PrivateKey()
        let bobPublicData: Data = bob.publicKey.rawRepresentation
        #expect(bobPublicData.count == 32)
        let bobPublic = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: bobPublicData)
        #expect(bobPublic.rawRepresentation == bobPublicData)
        let aliceSecret = try alice.sharedSecretFromKeyAgreement(with: bobPublic)
        let bobSecret = try bob.sharedSecretFromKeyAgreement(with: alice.publicKey)
        let salt = Data("salt".utf8)
        let aliceKey = aliceSecret.hkdfDerivedSymmetricKey(
            using: SHA256.self, salt: salt, sharedInfo: Data("chat".utf8), outputByteCount: 32)
        let bobKey = bobSecret.hkdfDerivedSymmetricKey(
            using: SHA256.self, salt: salt, sharedInfo: Data("chat".utf8), outputByteCount: 32)
        #expect(aliceKey == bobKey)
        #expect(throws: (any Error).self) {
            try Curve25519.KeyAgreement.PublicKey(rawRepresentation: bobPublicData.dropLast())
        }
    }

    @Test func p256Signing() throws {
        let privateKey = P256.Signing.PrivateKey()
        let signature: P256.Signing.ECDSASignature = try privateKey.signature(for: message)
        #expect(privateKey.publicKey.isValidSignature(signature, for: message))
        let der: Data = signature.derRepresentation
        #expect(der.first == 0x30 && (70...72).contains(der.count))
        let raw: Data = signature.rawRepresentation
        #expect(raw.count == 64)
        let parsed = try P256.Signing.ECDSASignature(derRepresentation: der)
        #expect(parsed.rawRepresentation == raw)
        #expect(privateKey.publicKey.isValidSignature(parsed, for: message))
        let fromRaw = try P256.Signing.ECDSASignature(rawRepresentation: raw)
        #expect(fromRaw.derRepresentation == der)
        var tampered = raw
        tampered[tampered.startIndex + 40] ^= 1
        #expect(
            !privateKey.publicKey.isValidSignature(
                try P256.Signing.ECDSASignature(rawRepresentation: tampered), for: message))
        #expect(throws: (any Error).self) { try P256.Signing.ECDSASignature(derRepresentation: der.dropLast()) }
        let digestSignature = try privateKey.signature(for: SHA256.hash(data: message))
        #expect(privateKey.publicKey.isValidSignature(digestSignature, for: message))
        #expect(privateKey.publicKey.isValidSignature(signature, for: SHA256.hash(data: message)))
    }

    @Test func p256PublicKeyRepresentations() throws {
        let publicKey = P256.Signing.PrivateKey().publicKey
        let raw: Data = publicKey.rawRepresentation
        let x963: Data = publicKey.x963Representation
        let compressed: Data = publicKey.compressedRepresentation
        let der: Data = publicKey.derRepresentation
        let pem: String = publicKey.pemRepresentation
        #expect(raw.count == 64)
        #expect(x963.count == 65 && x963.first == 0x04 && x963.dropFirst() == raw)
        #expect(compressed.count == 33 && (compressed.first == 0x02 || compressed.first == 0x03))
        #expect(compressed.dropFirst() == raw.prefix(32))
        #expect(der.count == 91 && der.suffix(65) == x963)
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n") && pem.contains(der.base64EncodedString().prefix(64)))
        let imported = [
            try P256.Signing.PublicKey(rawRepresentation: raw),
            try P256.Signing.PublicKey(x963Representation: x963),
            try P256.Signing.PublicKey(compressedRepresentation: compressed),
            try P256.Signing.PublicKey(derRepresentation: der),
            try P256.Signing.PublicKey(pemRepresentation: pem),
        ]
        #expect(imported.allSatisfy { $0.rawRepresentation == raw && $0.derRepresentation == der })
        var offCurve = x963
        offCurve[offCurve.endIndex - 1] ^= 1
        #expect(throws: (any Error).self) { try P256.Signing.PublicKey(x963Representation: offCurve) }
    }

    @Test func p256KeyAgreement() throws {
        let alice = P256.KeyAgreement.PrivateKey()
        let bob = P256.KeyAgreement.PrivateKey()
        let shared = try alice.sharedSecretFromKeyAgreement(with: bob.publicKey)
        let compressed: Data = alice.publicKey.compressedRepresentation
        #expect(compressed.count == 33)
        let x963: Data = alice.publicKey.x963Representation
        let fromCompressed = try P256.KeyAgreement.PublicKey(compressedRepresentation: compressed)
        #expect(fromCompressed.x963Representation == x963)
        let other = try bob.sharedSecretFromKeyAgreement(with: fromCompressed)
        let key = shared.hkdfDerivedSymmetricKey(
            using: SHA384.self, salt: Data(), sharedInfo: Data("p256".utf8), outputByteCount: 32)
        #expect(
            key
                == other.hkdfDerivedSymmetricKey(
                    using: SHA384.self, salt: Data(), sharedInfo: Data("p256".utf8), outputByteCount: 32))
        let der: Data = bob.publicKey.derRepresentation
        #expect(
            try P256.KeyAgreement.PublicKey(derRepresentation: der).rawRepresentation == bob.publicKey.rawRepresentation
        )
    }

    @Test func hpke() throws {
        let recipientKey = Curve25519.KeyAgreement.PrivateKey()
        let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
        let info = Data("wallet sync".utf8)
        var sender = try HPKE.Sender(recipientKey: recipientKey.publicKey, ciphersuite: suite, info: info)
        let ciphertext: Data = try sender.seal(message, authenticating: Data("aad".utf8))
        let encapsulatedKey: Data = sender.encapsulatedKey
        var recipient = try HPKE.Recipient(
            privateKey: recipientKey, ciphersuite: suite, info: info, encapsulatedKey: encapsulatedKey)
        let plaintext: Data = try recipient.open(ciphertext, authenticating: Data("aad".utf8))
        #expect(plaintext == message)
        let p256Suite = HPKE.Ciphersuite.P256_SHA256_AES_GCM_256
        let p256Key = P256.KeyAgreement.PrivateKey()
        var p256Sender = try HPKE.Sender(recipientKey: p256Key.publicKey, ciphersuite: p256Suite, info: info)
        let sealed = try p256Sender.seal(message)
        var p256Recipient = try HPKE.Recipient(
            privateKey: p256Key, ciphersuite: p256Suite, info: info, encapsulatedKey: p256Sender.encapsulatedKey)
        #expect(try p256Recipient.open(sealed) == message)
    }
}
