import TestSupport
import Testing
import WalletCrypto

/// SM4 against independent implementations: the openssl command line (CBC, CTR), PyPI gmssl's
/// pure-Python SM4 (CBC) and pyca/cryptography's SM4-GCM (its bundled OpenSSL has one).
@Suite("SM4 interop: openssl enc, gmssl, pyca/cryptography")
struct SM4InteropTests {
    let key = SymmetricKey(size: 128)
    let iv = SecureRandom.bytes(count: 16)

    var keyHex: String { Hex.encode(keyBytes(key)) }

    @Test(arguments: ["cbc", "ctr"], [0, 1, 16, 1000, 100_001])
    func withOpenSSLEncBothWays(mode: String, size: Int) throws {
        let message = SecureRandom.bytes(count: size)
        let apply: ([UInt8], Bool) throws -> [UInt8] = { input, encrypt in
            if mode == "ctr" { return try SM4.InsecureCTR.apply(input, using: key, counter: iv) }
            return encrypt
                ? try SM4.InsecureCBC.encrypt(input, using: key, iv: iv)
                : try SM4.InsecureCBC.decrypt(input, using: key, iv: iv)
        }
        let ours = try apply(message, true)
        let base = ["openssl", "enc", "-sm4-\(mode)", "-K", keyHex, "-iv", Hex.encode(iv)]
        #expect(try runPeerBytes(base + ["-d"], input: ours) == message)
        let theirs = try runPeerBytes(base, input: message)
        #expect(theirs == ours)
        #expect(try apply(theirs, false) == message)
    }

    private static let gmsslCBC = """
        import sys
        from gmssl.sm4 import CryptSM4, SM4_ENCRYPT, SM4_DECRYPT
        key, iv, direction = bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2]), sys.argv[3]
        cipher = CryptSM4()
        cipher.set_key(key, SM4_ENCRYPT if direction == "encrypt" else SM4_DECRYPT)
        sys.stdout.buffer.write(cipher.crypt_cbc(iv, sys.stdin.buffer.read()))
        """

    @Test(arguments: [0, 5, 32, 4099])
    func cbcWithGmsslBothWays(size: Int) throws {
        let message = SecureRandom.bytes(count: size)
        let ours = try SM4.InsecureCBC.encrypt(message, using: key, iv: iv)
        let script = ["python3", "-c", Self.gmsslCBC, keyHex, Hex.encode(iv)]
        #expect(try runPeerBytes(script + ["decrypt"], input: ours) == message)
        let theirs = try runPeerBytes(script + ["encrypt"], input: message)
        #expect(try SM4.InsecureCBC.decrypt(theirs, using: key, iv: iv) == message)
    }

    private static let pycaGCM = """
        import sys
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
        key, nonce, aad = (bytes.fromhex(a) for a in sys.argv[1:4])
        data = sys.stdin.buffer.read()
        if sys.argv[4] == "seal":
            e = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
            e.authenticate_additional_data(aad)
            sys.stdout.buffer.write(e.update(data) + e.finalize() + e.tag)
        else:
            d = Cipher(algorithms.SM4(key), modes.GCM(nonce, data[-16:])).decryptor()
            d.authenticate_additional_data(aad)
            sys.stdout.buffer.write(d.update(data[:-16]) + d.finalize())
        """

    @Test(arguments: [0, 1, 64, 16_384, 100_003])
    func gcmWithPycaCryptographyBothWays(size: Int) throws {
        let message = SecureRandom.bytes(count: size)
        let aad = SecureRandom.bytes(count: size % 29)
        let box = try SM4.GCM.seal(message, using: key, authenticating: aad)
        let script = ["python3", "-c", Self.pycaGCM, keyHex, Hex.encode(box.nonce.bytes), Hex.encode(aad)]
        #expect(try runPeerBytes(script + ["open"], input: Array(box.ciphertext) + Array(box.tag)) == message)
        let theirs = try runPeerBytes(script + ["seal"], input: message)
        #expect(theirs == Array(box.ciphertext) + Array(box.tag))
        let reopened = try SM4.GCM.SealedBox(
            nonce: box.nonce, ciphertext: theirs.dropLast(16), tag: theirs.suffix(16))
        #expect(Array(try SM4.GCM.open(reopened, using: key, authenticating: aad)) == message)
        // The peer refuses what we refuse.
        var tampered = Array(box.ciphertext) + Array(box.tag)
        tampered[tampered.count - 1] ^= 1
        #expect(throws: PeerFailure.self) { try runPeerBytes(script + ["open"], input: tampered) }
    }
}
