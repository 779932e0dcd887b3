import TestSupport
import Testing
import WalletCrypto

@Suite("Key derivation")
struct KDFTests {
    @Test func hkdfOverSM3AndStepsCompose() throws {
        let ikm = SymmetricKey(size: 256)
        let prk = HKDF<SM3>.extract(inputKeyMaterial: ikm, salt: [1, 2, 3])
        #expect(prk.byteCount == 32)
        let okm = HKDF<SM3>.expand(pseudoRandomKey: prk, info: Array("wallet".utf8), outputByteCount: 100)
        let direct = HKDF<SM3>.deriveKey(
            inputKeyMaterial: ikm, salt: [1, 2, 3], info: Array("wallet".utf8), outputByteCount: 100)
        #expect(okm == direct && okm.byteCount == 100)
        let shorter = HKDF<SM3>.deriveKey(
            inputKeyMaterial: ikm, salt: [1, 2, 3], info: Array("wallet".utf8), outputByteCount: 40)
        #expect(keyBytes(shorter) == Array(keyBytes(okm).prefix(40)))
    }

    /// As in CryptoKit, HKDF does not throw: a length outside 1...255·HashLen or a short
    /// pseudorandom key is a programming error that stops the process (exit tests run it in a child).
    @Test func hkdfTrapsOnOutOfRangeLengths() async {
        #expect(HKDF<SHA256>.maximumOutputByteCount == 255 * 32)
        await #expect(processExitsWith: .failure) {
            _ = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(size: 256), outputByteCount: 0)
        }
        await #expect(processExitsWith: .failure) {
            _ = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(size: 256), outputByteCount: -1)
        }
        await #expect(processExitsWith: .failure) {
            _ = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(size: 256), outputByteCount: 255 * 32 + 1)
        }
    }

    @Test func hkdfTrapsOnAShortPseudorandomKey() async {
        await #expect(processExitsWith: .failure) {
            _ = HKDF<SHA256>.expand(pseudoRandomKey: SymmetricKey(size: 128), info: [UInt8](), outputByteCount: 32)
        }
        #expect(
            HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(size: 256), outputByteCount: 255 * 32).byteCount
                == 8160)
    }

    @Test func pbkdf2MatchesOpenSSLCommandLine() throws {
        let key = try PBKDF2.deriveKey(
            password: Array("correct horse".utf8), salt: Array("NaCl-salt".utf8), iterations: 1000, outputByteCount: 32,
            using: .hmacSHA256)
        let output = try runPeer([
            "openssl", "kdf", "-keylen", "32", "-kdfopt", "digest:SHA256", "-kdfopt", "pass:correct horse",
            "-kdfopt", "salt:NaCl-salt", "-kdfopt", "iter:1000", "PBKDF2",
        ])
        let expected = output.filter(\.isHexDigit).lowercased()
        #expect(Hex.encode(keyBytes(key)) == expected)
    }

    @Test func pbkdf2RejectsBadParameters() {
        for (iterations, count) in [(0, 32), (1, 0), (1, PBKDF2.maximumOutputByteCount + 1), (Int(UInt32.max) + 1, 32)]
        {
            let error = #expect(throws: CryptoError.self) {
                try PBKDF2.deriveKey(
                    password: [1], salt: [2], iterations: iterations, outputByteCount: count, using: .hmacSHA512)
            }
            #expect(error?.code == .invalidParameter)
        }
    }

    @Test func scryptMatchesOpenSSLCommandLine() throws {
        let key = try Scrypt.deriveKey(
            password: Array("passphrase".utf8), salt: Array("salt-1234".utf8),
            parameters: try Scrypt.Parameters(n: 1024, r: 8, p: 1),
            outputByteCount: 32)
        let output = try runPeer([
            "openssl", "kdf", "-keylen", "32", "-kdfopt", "pass:passphrase", "-kdfopt", "salt:salt-1234",
            "-kdfopt", "n:1024", "-kdfopt", "r:8", "-kdfopt", "p:1", "SCRYPT",
        ])
        #expect(Hex.encode(keyBytes(key)) == output.filter(\.isHexDigit).lowercased())
    }

    @Test func scryptRefusesCostsAboveTheMemoryLimit() throws {
        let huge = try Scrypt.Parameters(n: 1 << 22, r: 8, p: 1)
        #expect(huge.memoryByteCount == 128 * 8 * ((1 << 22) + 2) + 128 * 8)
        let error = #expect(throws: CryptoError.self) {
            try Scrypt.deriveKey(password: [1], salt: [2], parameters: huge, outputByteCount: 32)
        }
        #expect(error?.code == .limitExceeded && error?.reason.contains("4096 MiB") == true)
        let absurd = try Scrypt.Parameters(n: 1 << 62, r: 1 << 20, p: 1)
        #expect(absurd.memoryByteCount == nil)
        #expect(throws: CryptoError.self) {
            try Scrypt.deriveKey(password: [1], salt: [2], parameters: absurd, outputByteCount: 32)
        }
    }

    @Test func scryptRejectsInvalidParameters() {
        for (n, r, p) in [
            (0, 8, 1), (1, 8, 1), (1000, 8, 1), (1024, 0, 1), (1024, 8, 0), (1024, 8, 1025), (1 << 17, 1, 1),
        ] {
            let error = #expect(throws: CryptoError.self) { try Scrypt.Parameters(n: n, r: r, p: p) }
            #expect(error?.code == .invalidParameter, "N=\(n) r=\(r) p=\(p)")
        }
    }
}
