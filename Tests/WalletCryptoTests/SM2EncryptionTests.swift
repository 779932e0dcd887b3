import Foundation
import TestSupport
import Testing
import WalletCrypto

@Suite("SM2 encryption")
struct SM2EncryptionTests {
    let key = SM2.Encryption.PrivateKey()

    private func plain(_ bytes: SecureBytes) -> [UInt8] { bytes.withUnsafeBytes { Array($0) } }

    @Test func roundTripsInEveryForm() throws {
        for size in [1, 16, 32, 1000, 100_000] {
            let message = SecureRandom.bytes(count: size)
            let ciphertext = try key.publicKey.encrypt(discontiguous(message))
            #expect(ciphertext.c1.count == 65 && ciphertext.c3.count == 32 && ciphertext.c2.count == size)
            #expect(ciphertext.c1c3c2Representation.count == size + 97)
            #expect(plain(try key.decrypt(ciphertext)) == message)
            let forms = [
                try SM2Ciphertext(derRepresentation: ciphertext.derRepresentation),
                try SM2Ciphertext(c1c3c2Representation: ciphertext.c1c3c2Representation),
                try SM2Ciphertext(legacyC1C2C3Representation: ciphertext.legacyC1C2C3Representation),
            ]
            #expect(forms.allSatisfy { $0 == ciphertext })
        }
        // Encryption is randomised.
        #expect(try key.publicKey.encrypt([1]).c1 != (try key.publicKey.encrypt([1]).c1))
    }

    @Test func messageLengthLimits() throws {
        let empty = #expect(throws: CryptoError.self) { try key.publicKey.encrypt([UInt8]()) }
        #expect(empty?.code == .invalidParameter)
        let largest = [UInt8](repeating: 7, count: SM2.Encryption.maximumMessageByteCount)
        #expect(plain(try key.decrypt(try key.publicKey.encrypt(largest))) == largest)
        let tooLong = #expect(throws: CryptoError.self) { try key.publicKey.encrypt(largest + [0]) }
        #expect(tooLong?.code == .invalidParameter)
    }

    @Test func everyChangedByteFailsToDecryptOrToParse() throws {
        let ciphertext = try key.publicKey.encrypt(Array("content key 0123".utf8))
        let raw = ciphertext.c1c3c2Representation
        for index in raw.indices {
            var changed = raw
            changed[index] ^= 0x01
            do {
                let parsed = try SM2Ciphertext(c1c3c2Representation: changed)
                #expect(index >= 1, "a changed C1 prefix must not parse")
                #expect(throws: CryptoError.authenticationFailure) { try key.decrypt(parsed) }
            } catch let error as CryptoError {
                // Only C1 can fail to parse: its prefix or a point pushed off the curve.
                #expect(error.code == .invalidEncoding && index < 65)
            }
        }
    }

    @Test func wrongKeyGivesTheOneGenericError() throws {
        let ciphertext = try key.publicKey.encrypt([1, 2, 3])
        #expect(throws: CryptoError.authenticationFailure) { try SM2.Encryption.PrivateKey().decrypt(ciphertext) }
        // The key's cached context still works afterwards.
        #expect(plain(try key.decrypt(ciphertext)) == [1, 2, 3])
    }

    @Test func signingAndEncryptionKeysAreDifferentTypesWithDifferentPurposes() throws {
        #expect(key.purpose == .encryption && SM2.Signing.PrivateKey().purpose == .signing)
        #expect(KeyAlgorithm.sm2.allowedPurposes == [.signing, .encryption])
        #expect(KeyPurpose(fileID: 3) == .encryption && KeyPurpose(fileID: 4) == nil)
        // The same scalar can be imported as either type only by explicit choice.
        let signing = try SM2.Signing.PrivateKey(rawRepresentation: key.rawRepresentation.withUnsafeBytes { Array($0) })
        #expect(signing.publicKey.derRepresentation == key.publicKey.derRepresentation)
    }

    @Test func oneKeyFromManyTasksAtOnce() async throws {
        let key = self.key
        let ok = await withTaskGroup(of: Bool.self, returning: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    (0..<10).allSatisfy { i in
                        let message = [UInt8](repeating: UInt8(task), count: i + 1)
                        guard let c = try? key.publicKey.encrypt(message), let p = try? key.decrypt(c) else {
                            return false
                        }
                        return p.withUnsafeBytes { Array($0) } == message
                    }
                }
            }
            return await group.allSatisfy { $0 }
        }
        #expect(ok)
    }
}

/// SM2 ciphertexts exchanged with `openssl pkeyutl` and PyPI gmssl.
@Suite("SM2 encryption interop: openssl pkeyutl, gmssl")
struct SM2EncryptionInteropTests {
    let key = SM2.Encryption.PrivateKey()

    private func withFiles<R>(_ body: (URL) throws -> R) throws -> R {
        try withTemporaryFolder("wc-sm2enc") { folder in
            try Data(key.pemRepresentation.utf8).write(to: folder.appendingPathComponent("key.pem"))
            try Data(key.publicKey.pemRepresentation.utf8).write(to: folder.appendingPathComponent("pub.pem"))
            return try body(folder)
        }
    }

    @Test(arguments: [1, 32, 1000])
    func openSSLPkeyutlBothWays(size: Int) throws {
        let message = SecureRandom.bytes(count: size)
        try withFiles { folder in
            let keyPath = folder.appendingPathComponent("key.pem").path
            let publicPath = folder.appendingPathComponent("pub.pem").path
            let ours = try key.publicKey.encrypt(message)
            let decrypted = try runPeerBytes(
                ["openssl", "pkeyutl", "-decrypt", "-inkey", keyPath], input: Array(ours.derRepresentation))
            #expect(decrypted == message)
            let theirs = try runPeerBytes(
                ["openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", publicPath], input: message)
            let parsed = try SM2Ciphertext(derRepresentation: theirs)
            #expect(Array(parsed.derRepresentation) == theirs)
            #expect(try key.decrypt(parsed).withUnsafeBytes { Array($0) } == message)
            // openssl refuses what we refuse: a changed C3.
            var tampered = ours.c3
            tampered[0] ^= 1
            let changed = try SM2Ciphertext(c1: ours.c1, c3: tampered, c2: ours.c2)
            #expect(throws: PeerFailure.self) {
                try runPeerBytes(
                    ["openssl", "pkeyutl", "-decrypt", "-inkey", keyPath], input: Array(changed.derRepresentation))
            }
        }
    }

    /// gmssl's CryptSM2: mode 1 is C1C3C2, mode 0 is C1C2C3; its C1 is x ‖ y without the 04 byte.
    private static let gmssl = """
        import sys
        from gmssl.sm2 import CryptSM2
        private, public, mode, direction = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
        sm2 = CryptSM2(private_key=private, public_key=public, mode=mode)
        data = sys.stdin.buffer.read()
        sys.stdout.buffer.write(sm2.encrypt(data) if direction == "encrypt" else sm2.decrypt(data))
        """

    /// py-gmssl 3.2.2 drops the leading zero digits of the shared point's coordinates before its
    /// KDF (py-gmssl/py-gmssl#102), so about one exchange in a hundred fails on its side through no
    /// fault of the ciphertext. Each direction therefore gets up to four fresh encryptions; a
    /// ciphertext of ours that gmssl always refuses, or one of theirs we always refuse, still fails.
    @Test(arguments: ["C1C3C2", "C1C2C3"])
    func gmsslBothWays(form: String) throws {
        let message = SecureRandom.bytes(count: 45)
        let script = [
            "python3", "-c", Self.gmssl, Hex.encode(key.rawRepresentation.withUnsafeBytes { Array($0) }),
            Hex.encode(key.publicKey.rawRepresentation), form == "C1C3C2" ? "1" : "0",
        ]
        var theirsOpened = false
        var oursOpened = false
        for _ in 0..<4 where !(theirsOpened && oursOpened) {
            if !oursOpened {
                let ours = try key.publicKey.encrypt(message)
                let oursRaw = form == "C1C3C2" ? ours.c1c3c2Representation : ours.legacyC1C2C3Representation
                oursOpened = (try? runPeerBytes(script + ["decrypt"], input: Array(oursRaw.dropFirst()))) == message
            }
            if !theirsOpened {
                let theirs = [0x04] + (try runPeerBytes(script + ["encrypt"], input: message))
                let parsed =
                    form == "C1C3C2"
                    ? try? SM2Ciphertext(c1c3c2Representation: theirs)
                    : try? SM2Ciphertext(legacyC1C2C3Representation: theirs)
                theirsOpened = parsed.flatMap { try? key.decrypt($0).withUnsafeBytes { Array($0) } } == message
            }
        }
        #expect(oursOpened, "gmssl did not decrypt any of four ciphertexts of ours")
        #expect(theirsOpened, "none of four gmssl ciphertexts decrypted here")
    }
}
