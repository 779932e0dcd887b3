import Foundation
import TestSupport
import Testing
import WalletCrypto

@Suite("Encrypted key files (keyfile-v1)")
struct EncryptedKeyFileTests {
    /// A cheap cost so the tests stay fast; files in production use `.keyFileDefault`.
    static let cheap = try! Scrypt.Parameters(n: 1 << 10, r: 8, p: 1)
    let passphrase = Array("correct horse battery staple".utf8)

    @Test func roundTripsEveryAlgorithmAndExposesPublicFieldsWithoutThePassphrase() throws {
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
        let file = try EncryptedKeyFile.seal(
            key, passphrase: passphrase, label: "treasury 2026 ✓", parameters: Self.cheap)
        let parsed = try EncryptedKeyFile(armoredRepresentation: file.armoredRepresentation)
        #expect(parsed == file)
        #expect(parsed.algorithm == S.algorithm && parsed.purpose == S.purpose && parsed.label == "treasury 2026 ✓")
        #expect(parsed.keyID == key.publicKey.keyID && Data(parsed.publicKeyDER) == key.publicKey.derRepresentation)
        let opened = try parsed.open(as: S.self, passphrase: passphrase)
        #expect(opened.publicKey == key.publicKey)
        #expect(opened.rawRepresentation == key.rawRepresentation)
    }

    @Test func wrongPassphraseAndEveryModifiedByteFailWithoutSayingWhy() throws {
        let file = try EncryptedKeyFile.seal(Ed25519.PrivateKey(), passphrase: passphrase, parameters: Self.cheap)
        #expect(throws: CryptoError.authenticationFailure) {
            try file.open(as: Ed25519.self, passphrase: Array("wrong".utf8))
        }
        let bytes = file.binaryRepresentation
        for index in bytes.indices {
            var tampered = bytes
            tampered[index] ^= 0x01
            do {
                let parsed = try EncryptedKeyFile(binaryRepresentation: tampered)
                _ = try parsed.open(as: Ed25519.self, passphrase: passphrase)
                Issue.record("a file modified at byte \(index) opened")
            } catch let error as CryptoError {
                // Structure is checked on parse; everything else is caught by the AEAD.
                let allowed: Set<CryptoError.Code> = [.invalidEncoding, .authenticationFailure, .invalidParameter]
                let code = error.code
                #expect(allowed.contains(code), "byte \(index)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func structuralDefectsAreRejectedOnParse() throws {
        let file = try EncryptedKeyFile.seal(P256.Signing.PrivateKey(), passphrase: passphrase, parameters: Self.cheap)
        let bytes = file.binaryRepresentation
        for cut in [0, 4, 59, 60, bytes.count - 1] {
            #expect(throws: CryptoError.self) { try EncryptedKeyFile(binaryRepresentation: Array(bytes.prefix(cut))) }
        }
        #expect(throws: CryptoError.self) { try EncryptedKeyFile(binaryRepresentation: bytes + [0]) }
        var version = bytes
        version[4] = 2
        let error = #expect(throws: CryptoError.self) { try EncryptedKeyFile(binaryRepresentation: version) }
        #expect(error?.reason.contains("version") == true)
        let text = file.armoredRepresentation
        #expect(throws: CryptoError.self) { try EncryptedKeyFile(armoredRepresentation: "x" + text) }
        #expect(throws: CryptoError.self) {
            try EncryptedKeyFile(armoredRepresentation: text.replacingOccurrences(of: "\n", with: "\r\n"))
        }
    }

    @Test func aKeyRefusesAnotherPurposeOrAlgorithm() throws {
        let file = try EncryptedKeyFile.seal(
            P256.KeyAgreement.PrivateKey(), passphrase: passphrase, parameters: Self.cheap)
        let error = #expect(throws: CryptoError.self) { try file.open(as: P256.Signing.self, passphrase: passphrase) }
        #expect(error?.code == .invalidParameter && error?.reason.contains("key agreement") == true)
        #expect(throws: CryptoError.self) { try file.open(as: P384.KeyAgreement.self, passphrase: passphrase) }
    }

    @Test func badSealParametersAndCostlyFilesAreRefused() throws {
        let key = Ed25519.PrivateKey()
        #expect(throws: CryptoError.self) {
            try EncryptedKeyFile.seal(key, passphrase: passphrase, label: "bad\u{7}label", parameters: Self.cheap)
        }
        #expect(throws: CryptoError.self) {
            try EncryptedKeyFile.seal(
                key, passphrase: passphrase, parameters: try Scrypt.Parameters(n: 1 << 8, r: 8, p: 1))
        }
        let file = try EncryptedKeyFile.seal(key, passphrase: passphrase, parameters: Self.cheap)
        let limited = #expect(throws: CryptoError.self) {
            try file.open(as: Ed25519.self, passphrase: passphrase, memoryLimit: 1 << 16)
        }
        #expect(limited?.code == .limitExceeded)
    }

    @Test func writesAtomicallyWithOwnerOnlyPermissions() throws {
        try withTemporaryFolder("wc-keyfile") { folder in
            let path = folder.appendingPathComponent("signer.key").path
            let first = try EncryptedKeyFile.seal(Ed25519.PrivateKey(), passphrase: passphrase, parameters: Self.cheap)
            try first.write(toFile: path)
            let second = try EncryptedKeyFile.seal(Ed25519.PrivateKey(), passphrase: passphrase, parameters: Self.cheap)
            try second.write(toFile: path)
            #expect(try EncryptedKeyFile(contentsOfFile: path) == second)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["signer.key"])
            #expect(throws: CryptoError.self) {
                try EncryptedKeyFile(contentsOfFile: folder.appendingPathComponent("missing").path)
            }
            #expect(throws: CryptoError.self) {
                try first.write(toFile: folder.appendingPathComponent("no/such/dir/key").path)
            }
        }
    }
}
