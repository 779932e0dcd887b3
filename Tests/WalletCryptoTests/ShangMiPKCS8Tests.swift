import Foundation
import TestSupport
import Testing
import WalletCrypto

/// GmSSL-style encrypted SM2 keys: PKCS#8, PBES2, PBKDF2-HMAC-SM3, SM4-CBC.
@Suite("ShangMi encrypted PKCS#8 (GmSSL)")
struct ShangMiPKCS8Tests {
    let passphrase = Array("口令 passphrase".utf8)

    @Test func roundTripsForSigningAndEncryptionKeys() throws {
        let signing = SM2.Signing.PrivateKey()
        let pem = try signing.shangMiEncryptedPEMRepresentation(passphrase: passphrase, iterations: 1000)
        #expect(pem.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        let read = try SM2.Signing.PrivateKey(encryptedPEMRepresentation: pem, passphrase: passphrase)
        #expect(read.publicKey == signing.publicKey)
        let encryption = SM2.Encryption.PrivateKey()
        let sealed = try encryption.shangMiEncryptedPEMRepresentation(passphrase: passphrase, iterations: 1000)
        let reread = try SM2.Encryption.PrivateKey(encryptedPEMRepresentation: sealed, passphrase: passphrase)
        #expect(reread.publicKey == encryption.publicKey)
        // Fresh salt and IV each time.
        #expect(try signing.shangMiEncryptedPEMRepresentation(passphrase: passphrase, iterations: 1000) != pem)
    }

    @Test func wrongPassphraseAndModifiedFilesFailWithoutSayingWhy() throws {
        let key = SM2.Signing.PrivateKey()
        let armoured = try key.shangMiEncryptedPEMRepresentation(passphrase: passphrase, iterations: 100)
        for wrong in ["", "wrong", "口令 passphrasE"] {
            #expect(throws: CryptoError.authenticationFailure) {
                try SM2.Signing.PrivateKey(encryptedPEMRepresentation: armoured, passphrase: Array(wrong.utf8))
            }
        }
        // Changing the last ciphertext block breaks the padding or the DER inside: the same one error.
        let der = try pemBody(armoured)
        var tampered = der
        tampered[tampered.count - 1] ^= 0x01
        #expect(throws: CryptoError.authenticationFailure) {
            try SM2.Signing.PrivateKey(encryptedPEMRepresentation: pem(tampered), passphrase: passphrase)
        }
        let trailing = #expect(throws: CryptoError.self) {
            try SM2.Signing.PrivateKey(encryptedPEMRepresentation: pem(der + [0]), passphrase: passphrase)
        }
        #expect(trailing?.code == .invalidEncoding)
    }

    @Test func iterationCapIsCheckedBeforeAnyWork() throws {
        let key = SM2.Signing.PrivateKey()
        let pem = try key.shangMiEncryptedPEMRepresentation(passphrase: passphrase, iterations: 2_000_001)
        let error = #expect(throws: CryptoError.self) {
            try SM2.Signing.PrivateKey(encryptedPEMRepresentation: pem, passphrase: passphrase)
        }
        #expect(error?.code == .limitExceeded)
        let low = #expect(throws: CryptoError.self) {
            try SM2.Signing.PrivateKey(encryptedPEMRepresentation: pem, passphrase: passphrase, maximumIterations: 1000)
        }
        #expect(low?.code == .limitExceeded)
        #expect(throws: CryptoError.self) {
            try key.shangMiEncryptedPEMRepresentation(passphrase: passphrase, iterations: 0)
        }
    }

    /// An independent writer and reader: Python's hashlib PBKDF2-HMAC-SM3, gmssl's SM4-CBC and
    /// DER written by hand around a PrivateKeyInfo from `openssl genpkey`.
    private static let independent = """
        import hashlib, os, sys
        from gmssl.sm4 import CryptSM4, SM4_ENCRYPT, SM4_DECRYPT

        def tlv(tag, body):
            n = len(body)
            head = bytes([n]) if n < 128 else (bytes([0x81, n]) if n < 256 else bytes([0x82, n >> 8, n & 255]))
            return bytes([tag]) + head + body

        def integer(v):
            b = v.to_bytes((v.bit_length() + 8) // 8, "big")
            return tlv(2, b)

        PBES2 = bytes.fromhex("06092a864886f70d01050d")
        PBKDF2 = bytes.fromhex("06092a864886f70d01050c")
        HMAC_SM3 = bytes.fromhex("06092a811ccf5501831102")
        SM4_CBC = bytes.fromhex("06082a811ccf55016802")
        password = sys.argv[2].encode()
        if sys.argv[1] == "write":
            style = sys.argv[3]
            info = sys.stdin.buffer.read()
            salt, iv, iterations = os.urandom(16), os.urandom(16), 65536
            key = hashlib.pbkdf2_hmac("sm3", password, salt, iterations, 16)
            sm4 = CryptSM4()
            sm4.set_key(key, SM4_ENCRYPT)
            encrypted = sm4.crypt_cbc(iv, info)
            if style == "gmssl3":
                params = tlv(4, salt) + integer(iterations) + tlv(0x30, HMAC_SM3)
            else:
                params = tlv(4, salt) + integer(iterations) + integer(16) + tlv(0x30, HMAC_SM3 + b"\\x05\\x00")
            kdf = tlv(0x30, PBKDF2 + tlv(0x30, params))
            scheme = tlv(0x30, SM4_CBC + tlv(4, iv))
            sys.stdout.buffer.write(tlv(0x30, tlv(0x30, PBES2 + tlv(0x30, kdf + scheme)) + tlv(4, encrypted)))
        else:
            der = sys.stdin.buffer.read()
            salt = der[der.index(PBKDF2) + len(PBKDF2) + 4:][:16]
            count_at = der.index(PBKDF2) + len(PBKDF2) + 4 + 16
            assert der[count_at] == 2
            n = der[count_at + 1]
            iterations = int.from_bytes(der[count_at + 2:count_at + 2 + n], "big")
            iv = der[der.index(SM4_CBC) + len(SM4_CBC) + 2:][:16]
            body_at = der.index(SM4_CBC) + len(SM4_CBC) + 2 + 16
            assert der[body_at] == 4
            encrypted = der[body_at + (3 if der[body_at + 1] == 0x81 else 2):]
            key = hashlib.pbkdf2_hmac("sm3", password, salt, iterations, 16)
            sm4 = CryptSM4()
            sm4.set_key(key, SM4_DECRYPT)
            sys.stdout.buffer.write(sm4.crypt_cbc(iv, encrypted))
        """

    @Test(arguments: ["gmssl3", "gmssl2"])
    func readsAFileWrittenIndependently(style: String) throws {
        try withTemporaryFolder("wc-gmssl-pkcs8") { folder in
            let keyPath = folder.appendingPathComponent("key.der").path
            _ = try runPeer(["openssl", "genpkey", "-algorithm", "SM2", "-outform", "DER", "-out", keyPath])
            let info = Array(try Data(contentsOf: URL(fileURLWithPath: keyPath)))
            let der = try runPeerBytes(
                ["python3", "-c", Self.independent, "write", String(decoding: passphrase, as: UTF8.self), style],
                input: info)
            let key = try SM2.Signing.PrivateKey(encryptedPEMRepresentation: pem(der), passphrase: passphrase)
            let expected = try runPeer(["openssl", "pkey", "-inform", "DER", "-in", keyPath, "-pubout"])
            #expect(key.publicKey.pemRepresentation == expected)
            #expect(throws: CryptoError.authenticationFailure) {
                try SM2.Signing.PrivateKey(encryptedPEMRepresentation: pem(der), passphrase: Array("x".utf8))
            }
        }
    }

    @Test func anIndependentReaderOpensOurFile() throws {
        let key = SM2.Signing.PrivateKey()
        let der = try pemBody(try key.shangMiEncryptedPEMRepresentation(passphrase: passphrase, iterations: 5000))
        let info = try runPeerBytes(
            ["python3", "-c", Self.independent, "read", String(decoding: passphrase, as: UTF8.self)], input: der)
        #expect(info == key.derRepresentation.withUnsafeBytes { Array($0) })
    }

    private func pemBody(_ pem: String) throws -> [UInt8] {
        let base64 = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Array(try #require(Data(base64Encoded: base64)))
    }

    private func pem(_ der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n\(base64)\n-----END ENCRYPTED PRIVATE KEY-----\n"
    }
}
