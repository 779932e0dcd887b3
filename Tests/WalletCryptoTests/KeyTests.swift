import Foundation
import Testing
import WalletCrypto

@Suite("Keys and signatures")
struct KeyTests {
    @Test func everyRepresentationRoundTrips() throws {
        try roundTrip(Ed25519.self)
        try roundTrip(X25519.KeyAgreement.self)
        try roundTrip(P256.Signing.self)
        try roundTrip(P256.KeyAgreement.self)
        try roundTrip(P384.Signing.self)
        try roundTrip(Secp256k1.Signing.self)
        try roundTrip(SM2.Signing.self)
    }

    private func roundTrip<S: KeyScheme>(_: S.Type) throws {
        let key = S.PrivateKey()
        let publicKey = key.publicKey
        #expect(key.rawRepresentation.count == S.algorithm.privateKeyByteCount)
        #expect(
            try S.PrivateKey(rawRepresentation: key.rawRepresentation.withUnsafeBytes { Array($0) }).publicKey
                == publicKey)
        #expect(
            try S.PrivateKey(derRepresentation: key.derRepresentation.withUnsafeBytes { Array($0) }).publicKey
                == publicKey)
        #expect(try S.PrivateKey(pemRepresentation: key.pemRepresentation).publicKey == publicKey)
        #expect(try S.PublicKey(rawRepresentation: publicKey.rawRepresentation) == publicKey)
        #expect(try S.PublicKey(derRepresentation: publicKey.derRepresentation) == publicKey)
        #expect(try S.PublicKey(pemRepresentation: publicKey.pemRepresentation) == publicKey)
        if S.algorithm != .ed25519, S.algorithm != .x25519 {
            #expect(try S.PublicKey(x963Representation: publicKey.x963Representation) == publicKey)
            let compressed = try S.PublicKey(compressedRepresentation: publicKey.compressedRepresentation)
            #expect(compressed.x963Representation == publicKey.x963Representation)
            #expect(publicKey.compressedRepresentation.count == 1 + S.algorithm.privateKeyByteCount)
        }
        #expect(publicKey.keyID.bytes == Array(SHA256.hash(data: publicKey.derRepresentation).bytes.prefix(16)))
        #expect(key.purpose == S.purpose && publicKey.purpose == S.purpose)
        #expect(!"\(key)".contains(Hex.encode(key.rawRepresentation.withUnsafeBytes { Array($0) })))
        #expect("\(key)".contains("private key"))
    }

    @Test func keysOfAnotherAlgorithmAreRefused() throws {
        let p256 = P256.Signing.PrivateKey()
        let der = p256.derRepresentation.withUnsafeBytes { Array($0) }
        #expect(throws: CryptoError.self) { try P384.Signing.PrivateKey(derRepresentation: der) }
        #expect(throws: CryptoError.self) { try Secp256k1.Signing.PrivateKey(derRepresentation: der) }
        #expect(throws: CryptoError.self) { try SM2.Signing.PrivateKey(derRepresentation: der) }
        #expect(throws: CryptoError.self) { try Ed25519.PrivateKey(derRepresentation: der) }
        #expect(throws: CryptoError.self) { try Ed25519.PublicKey(derRepresentation: p256.publicKey.derRepresentation) }
        let ed = Ed25519.PrivateKey()
        #expect(throws: CryptoError.self) {
            try X25519.KeyAgreement.PublicKey(derRepresentation: ed.publicKey.derRepresentation)
        }
        #expect(throws: CryptoError.self) {
            try SM2.Signing.PublicKey(derRepresentation: p256.publicKey.derRepresentation)
        }
    }

    @Test func invalidPointsAndScalarsAreRefused() throws {
        var offCurve = P256.Signing.PrivateKey().publicKey.x963Representation
        offCurve[64] ^= 1
        #expect(throws: CryptoError.self) { try P256.Signing.PublicKey(x963Representation: offCurve) }
        #expect(throws: CryptoError.self) { try P256.Signing.PublicKey(x963Representation: [0x00]) }
        #expect(throws: CryptoError.self) {
            try P256.Signing.PublicKey(x963Representation: [UInt8](repeating: 0, count: 65))
        }
        #expect(throws: CryptoError.self) {
            try P256.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 0, count: 32))
        }
        #expect(throws: CryptoError.self) {
            try P256.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 0xff, count: 32))
        }
        #expect(throws: CryptoError.self) {
            try P256.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 31))
        }
        let trailing = P256.Signing.PrivateKey().publicKey.derRepresentation + [0]
        let error = #expect(throws: CryptoError.self) { try P256.Signing.PublicKey(derRepresentation: trailing) }
        #expect(error?.code == .invalidEncoding)
    }

    @Test func oversizedInputIsRefusedBeforeParsing() throws {
        let huge = [UInt8](repeating: 0x30, count: 1 << 20)
        for parse in [
            { _ = try P256.Signing.PrivateKey(derRepresentation: huge) },
            { _ = try P256.Signing.PublicKey(derRepresentation: huge) },
            { _ = try P256.Signing.PublicKey(rawRepresentation: huge) },
            { _ = try P256.Signing.Signature(derRepresentation: huge) },
            { _ = try EncryptedKeyFile(binaryRepresentation: huge) },
            { _ = try P256.Signing.PrivateKey(pemRepresentation: String(repeating: "A", count: 2 << 20)) },
            {
                _ = try P256.Signing.PrivateKey(
                    encryptedPEMRepresentation: PEM.encode(label: "ENCRYPTED PRIVATE KEY", huge), passphrase: [1])
            },
        ] as [() throws -> Void] {
            #expect(throws: CryptoError.self) { try parse() }
        }
    }

    @Test func signaturesVerifyOnlyForTheirMessageAndKey() throws {
        try signVerify(Ed25519.self)
        try signVerify(P256.Signing.self)
        try signVerify(P384.Signing.self)
        try signVerify(Secp256k1.Signing.self)
        try signVerify(SM2.Signing.self)
    }

    private func signVerify<S: SigningScheme>(_: S.Type) throws {
        let key = S.PrivateKey()
        for size in [0, 1, 1000] {
            let message = SecureRandom.bytes(count: size)
            let signature = try key.signature(for: discontiguous(message))
            #expect(key.publicKey.isValidSignature(signature, for: message))
            #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
            #expect(!S.PrivateKey().publicKey.isValidSignature(signature, for: message))
            for index in [0, signature.rawRepresentation.count / 2, signature.rawRepresentation.count - 1] {
                var tampered = signature.rawRepresentation
                tampered[index] ^= 1
                #expect(!key.publicKey.isValidSignature(try S.Signature(rawRepresentation: tampered), for: message))
            }
        }
        #expect(throws: CryptoError.self) { try S.Signature(rawRepresentation: [UInt8](repeating: 1, count: 10)) }
    }

    /// On an Ed25519 key, `signature(for:)` is `Data` without an annotation (CryptoKit's type), the
    /// typed `Ed25519.Signature` with one, and the typed one in code generic over `SigningScheme`;
    /// all three are the same deterministic bytes.
    @Test func ed25519SignatureOverloadsAgree() throws {
        let key = Ed25519.PrivateKey()
        let message = Array("overloads".utf8)
        let data = try key.signature(for: message)
        let typed: Ed25519.Signature = try key.signature(for: message)
        let generic = try Self.signature(key, message)
        #expect(data.base64EncodedString() == typed.rawRepresentation.base64EncodedString())
        #expect(generic == typed && data.count == 64)
        #expect(
            key.publicKey.isValidSignature(data, for: message) && key.publicKey.isValidSignature(typed, for: message))
        #expect(!key.publicKey.isValidSignature(data, for: message + [0]))
        #expect(!Ed25519.PrivateKey().publicKey.isValidSignature(data, for: message))
    }

    private static func signature<S: SigningScheme>(_ key: S.PrivateKey, _ message: [UInt8]) throws -> S.Signature {
        try key.signature(for: message)
    }

    @Test func secp256k1SignsLowSAndPolicyDecidesHighS() throws {
        let key = Secp256k1.Signing.PrivateKey()
        let order = Array(Hex.decodeOrDie("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"))
        let half = Array(Hex.decodeOrDie("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0"))
        for i in 0..<30 {
            let message = Array("payment \(i)".utf8)
            let signature = try key.signature(for: message)
            let s = Array(signature.rawRepresentation.suffix(32))
            #expect(!half.lexicographicallyPrecedes(s), "signature \(i) is high-S")
            let highS = Array(signature.rawRepresentation.prefix(32)) + subtract(order, s)
            let high = try Secp256k1.Signing.Signature(rawRepresentation: highS)
            #expect(!key.publicKey.isValidSignature(high, for: message))
            #expect(!key.publicKey.isValidSignature(high, for: message, policy: .strictLowS))
            #expect(key.publicKey.isValidSignature(high, for: message, policy: .acceptHighS))
        }
    }

    /// a − b for big-endian byte strings with a ≥ b.
    private func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: a.count)
        var borrow = 0
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            var value = Int(a[i]) - Int(b[i]) - borrow
            borrow = value < 0 ? 1 : 0
            if value < 0 { value += 256 }
            result[i] = UInt8(value)
        }
        return result
    }

    @Test func digestSigningMatchesMessageSigning() throws {
        let key = P384.Signing.PrivateKey()
        let chunks = (0..<8).map { _ in SecureRandom.bytes(count: 4096) }
        var hasher = SHA384()
        for chunk in chunks { hasher.update(data: chunk) }
        let signature = try key.signature(forDigest: hasher.finalize())
        #expect(key.publicKey.isValidSignature(signature, for: chunks.flatMap { $0 }))
        #expect(key.publicKey.isValidSignature(signature, forDigest: hasher.finalize()))
        let wrong = #expect(throws: CryptoError.self) { try key.signature(forDigest: SHA256.hash(data: [1])) }
        #expect(wrong?.code == .invalidParameter)
        #expect(throws: CryptoError.self) { try P256.Signing.PrivateKey().signature(forDigest: SM3.hash(data: [1])) }
    }

    @Test func ed25519PrehashIsDomainSeparated() throws {
        let key = Ed25519.PrivateKey()
        let message = SecureRandom.bytes(count: 10_000)
        var hasher = BLAKE2b512()
        hasher.update(data: message.prefix(5000))
        hasher.update(data: message.dropFirst(5000))
        let digest = hasher.finalize()
        let signature = try key.signature(forPrehashedDigest: digest)
        #expect(key.publicKey.isValidSignature(signature, forPrehashedDigest: BLAKE2b512.hash(data: message)))
        #expect(!key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: digest.bytes))
        #expect(!key.publicKey.isValidSignature(try key.signature(for: digest.bytes), forPrehashedDigest: digest))
        #expect(throws: CryptoError.self) { try key.signature(forPrehashedDigest: SHA512.hash(data: message)) }
    }

    @Test func keyAgreementIsSymmetricAndFeedsHKDF() throws {
        let alice = X25519.KeyAgreement.PrivateKey()
        let bob = X25519.KeyAgreement.PrivateKey()
        let ab = try alice.sharedSecretFromKeyAgreement(with: bob.publicKey)
        let ba = try bob.sharedSecretFromKeyAgreement(with: alice.publicKey)
        let k1 = ab.hkdfDerivedSymmetricKey(using: SHA256.self, salt: [1], sharedInfo: [2], outputByteCount: 32)
        let k2 = ba.hkdfDerivedSymmetricKey(using: SHA256.self, salt: [1], sharedInfo: [2], outputByteCount: 32)
        #expect(k1 == k2 && "\(ab)" == "SharedSecret(32 bytes)")
        let lowOrder = try X25519.KeyAgreement.PublicKey(rawRepresentation: [UInt8](repeating: 0, count: 32))
        let error = #expect(throws: CryptoError.self) { try alice.sharedSecretFromKeyAgreement(with: lowOrder) }
        #expect(error?.code == .invalidParameter)
    }
}

@Suite("Keys from many tasks")
struct KeyConcurrencyTests {
    @Test func oneKeySignsAndVerifiesFromManyTasksAtOnce() async throws {
        let ed = Ed25519.PrivateKey()
        let p256 = P256.Signing.PrivateKey()
        let sm2 = SM2.Signing.PrivateKey()
        let allValid = await withTaskGroup(of: Bool.self, returning: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    (0..<25).allSatisfy { i in
                        let message = Array("task \(task) message \(i)".utf8)
                        guard let a = try? ed.signature(for: message), let b = try? p256.signature(for: message),
                            let c = try? sm2.signature(for: message)
                        else { return false }
                        return ed.publicKey.isValidSignature(a, for: message)
                            && p256.publicKey.isValidSignature(b, for: message)
                            && sm2.publicKey.isValidSignature(c, for: message)
                            && !p256.publicKey.isValidSignature(b, for: message + [0])
                    }
                }
            }
            return await group.allSatisfy { $0 }
        }
        #expect(allValid)
    }
}

extension Hex {
    static func decodeOrDie(_ text: String) -> [UInt8] {
        do { return try decode(text) } catch { fatalError("bad test hex") }
    }
}
