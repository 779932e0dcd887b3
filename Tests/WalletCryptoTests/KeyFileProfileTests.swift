import Foundation
import TestSupport
import Testing
import WalletCrypto

@Suite("keyfile-v1 ShangMi profile")
struct AlgorithmProfileTests {
    let passphrase = Array("国密 passphrase".utf8)
    static let cheapScrypt = try! Scrypt.Parameters(n: 1 << 10, r: 8, p: 1)

    @Test(arguments: [KeyFileKDF.pbkdf2HMACSM3(iterations: 10_000), .scrypt(cheapScrypt)])
    func shangMiFilesRoundTrip(kdf: KeyFileKDF) throws {
        let signing = SM2.Signing.PrivateKey()
        let file = try EncryptedKeyFile.seal(signing, passphrase: passphrase, label: "签名", profile: .shangMi, kdf: kdf)
        let parsed = try EncryptedKeyFile(armoredRepresentation: file.armoredRepresentation)
        #expect(parsed.profile == .shangMi && parsed.kdf == kdf && parsed.label == "签名")
        let opened = try parsed.open(as: SM2.Signing.self, passphrase: passphrase, profile: .shangMi)
        #expect(opened.rawRepresentation == signing.rawRepresentation)
        let encryption = SM2.Encryption.PrivateKey()
        let sealed = try EncryptedKeyFile.seal(encryption, passphrase: passphrase, profile: .shangMi, kdf: kdf)
        #expect(sealed.purpose == .encryption)
        let reopened = try sealed.open(as: SM2.Encryption.self, passphrase: passphrase, profile: .shangMi)
        #expect(reopened.publicKey == encryption.publicKey)
        // Other algorithms take the ShangMi profile too; the profile is about the file's protection.
        let ed = try EncryptedKeyFile.seal(Ed25519.PrivateKey(), passphrase: passphrase, profile: .shangMi, kdf: kdf)
        _ = try ed.open(as: Ed25519.self, passphrase: passphrase, profile: .shangMi)
    }

    @Test func aFileOfOneProfileIsRefusedUnderTheOther() throws {
        let key = SM2.Signing.PrivateKey()
        let shangMi = try EncryptedKeyFile.seal(
            key, passphrase: passphrase, profile: .shangMi, kdf: .pbkdf2HMACSM3(iterations: 10_000))
        let standard = try EncryptedKeyFile.seal(key, passphrase: passphrase, parameters: Self.cheapScrypt)
        #expect(standard.profile == .standard && standard.parameters == Self.cheapScrypt)
        for (file, required) in [(shangMi, AlgorithmProfile.standard), (standard, .shangMi)] {
            let error = #expect(throws: CryptoError.self) {
                try file.open(as: SM2.Signing.self, passphrase: passphrase, profile: required)
            }
            #expect(error?.code == .invalidParameter && error?.reason.contains("profile") == true)
        }
        // The pre-issue-13 `open` is the standard profile: it refuses a ShangMi file, even with the right passphrase.
        let legacy = #expect(throws: CryptoError.self) {
            try shangMi.open(as: SM2.Signing.self, passphrase: passphrase)
        }
        #expect(legacy?.code == .invalidParameter)
        #expect(try standard.open(as: SM2.Signing.self, passphrase: passphrase).publicKey == key.publicKey)
        // Relabelling the file's suite bytes is caught: structure first, then the authenticated header.
        var relabelled = shangMi.binaryRepresentation
        relabelled[27] = 1
        #expect(throws: CryptoError.self) { try EncryptedKeyFile(binaryRepresentation: relabelled) }
        var scryptRelabelled = try EncryptedKeyFile.seal(
            key, passphrase: passphrase, profile: .shangMi, kdf: .scrypt(Self.cheapScrypt)
        ).binaryRepresentation
        scryptRelabelled[27] = 1
        let downgraded = try EncryptedKeyFile(binaryRepresentation: scryptRelabelled)
        #expect(downgraded.profile == .standard)
        #expect(throws: CryptoError.authenticationFailure) {
            try downgraded.open(as: SM2.Signing.self, passphrase: passphrase)
        }
    }

    @Test func everyModifiedByteFailsWithoutSayingWhy() throws {
        let file = try EncryptedKeyFile.seal(
            SM2.Signing.PrivateKey(), passphrase: passphrase, profile: .shangMi,
            kdf: .pbkdf2HMACSM3(iterations: 10_000))
        let bytes = file.binaryRepresentation
        for index in stride(from: 0, to: bytes.count, by: 3) {
            var tampered = bytes
            tampered[index] ^= 0x04
            do {
                let parsed = try EncryptedKeyFile(binaryRepresentation: tampered)
                _ = try parsed.open(as: SM2.Signing.self, passphrase: passphrase, profile: .shangMi)
                Issue.record("a file modified at byte \(index) opened")
            } catch let error as CryptoError {
                let allowed: [CryptoError.Code] = [.invalidEncoding, .authenticationFailure, .invalidParameter]
                #expect(allowed.contains(error.code), "byte \(index): \(error)")
            }
        }
        #expect(throws: CryptoError.authenticationFailure) {
            try file.open(as: SM2.Signing.self, passphrase: Array("wrong".utf8), profile: .shangMi)
        }
    }

    @Test func pbkdf2LimitsAndProfileRules() throws {
        let key = SM2.Signing.PrivateKey()
        for iterations in [9_999, 10_000_001] {
            let error = #expect(throws: CryptoError.self) {
                try EncryptedKeyFile.seal(
                    key, passphrase: passphrase, profile: .shangMi, kdf: .pbkdf2HMACSM3(iterations: iterations))
            }
            #expect(error?.code == .invalidParameter)
        }
        let standardPBKDF2 = #expect(throws: CryptoError.self) {
            try EncryptedKeyFile.seal(
                key, passphrase: passphrase, profile: .standard, kdf: .pbkdf2HMACSM3(iterations: 10_000))
        }
        #expect(standardPBKDF2?.code == .invalidParameter)
        let file = try EncryptedKeyFile.seal(
            key, passphrase: passphrase, profile: .shangMi, kdf: .pbkdf2HMACSM3(iterations: 20_000))
        let capped = #expect(throws: CryptoError.self) {
            try file.open(as: SM2.Signing.self, passphrase: passphrase, profile: .shangMi, maximumIterations: 15_000)
        }
        #expect(capped?.code == .limitExceeded)
    }
}
