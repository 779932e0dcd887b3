import Foundation
import TestSupport
import WalletCrypto

/// The per-algorithm checks behind `VectorCatalog`. Each returns normally only when the library
/// accepted the case and reproduced every expected output.
enum VectorChecks {
    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    static func expectEqual(_ actual: some DataProtocol, _ expected: [UInt8], _ what: String) throws {
        guard Array(actual) == expected else { throw Mismatch(description: "\(what) differs") }
    }

    static func bytes(_ key: SymmetricKey) -> [UInt8] { key.withUnsafeBytes { Array($0) } }

    static func gcmNonce(_ iv: [UInt8]) throws -> AES.GCM.Nonce {
        if iv.count == 12 { return try AES.GCM.Nonce(data: iv) }
        return try AES.GCM.Nonce(insecureNonStandardData: iv)
    }

    static func aead<S: AEADScheme>(_: S.Type, nonce makeNonce: @escaping @Sendable ([UInt8]) throws -> S.Nonce)
        -> VectorRunner.Check
    {
        { c in
            let key = SymmetricKey(data: try c.hex("key"))
            let iv = try c.hex("iv")
            let (aad, msg, ct, tag) = (try c.hex("aad"), try c.hex("msg"), try c.hex("ct"), try c.hex("tag"))
            let nonce = try makeNonce(iv)
            let opened = try S.open(
                try S.SealedBox(nonce: nonce, ciphertext: ct, tag: tag), using: key, authenticating: aad)
            try expectEqual(Array(opened), msg, "plaintext")
            let sealed = try S.seal(msg, using: key, nonce: nonce, authenticating: aad)
            try expectEqual(Array(sealed.ciphertext), ct, "ciphertext")
            try expectEqual(Array(sealed.tag), tag, "tag")
        }
    }

    static func hkdf<H: HashFunction>(_: H.Type) -> VectorRunner.Check {
        { c in
            // HKDF traps on a length outside 1...255·HashLen (as CryptoKit's does), so a caller
            // checks lengths that come from input first; the vectors' invalid sizes are refused here.
            let size = try c.int("size")
            guard (1...HKDF<H>.maximumOutputByteCount).contains(size) else {
                throw VectorFormatError("output size \(size) is outside 1...\(HKDF<H>.maximumOutputByteCount)")
            }
            let okm = HKDF<H>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: try c.hex("ikm")), salt: try c.hex("salt"),
                info: try c.hex("info"), outputByteCount: size)
            try expectEqual(bytes(okm), try c.hex("okm"), "okm")
        }
    }

    static func hmac<H: HashFunction>(_: H.Type) -> VectorRunner.Check {
        { c in
            let key = SymmetricKey(data: try c.hex("key"))
            let (msg, tag) = (try c.hex("msg"), try c.hex("tag"))
            let tagBytes = try c.int("tagSize") / 8
            let truncation = tagBytes < H.byteCount ? tagBytes : nil
            guard HMACKey<H>(key).isValidAuthenticationCode(tag, authenticating: msg, truncatedTo: truncation),
                HMAC<H>.isValidAuthenticationCode(tag, authenticating: msg, using: key, truncatedTo: truncation)
            else { throw Mismatch(description: "tag does not verify") }
            var incremental = HMAC<H>(key: key)
            incremental.update(data: msg.prefix(msg.count / 2))
            incremental.update(data: msg.dropFirst(msg.count / 2))
            try expectEqual(Array(incremental.finalize().bytes.prefix(tagBytes)), tag, "incremental tag")
        }
    }

    static func keyWrap(padded: Bool) -> VectorRunner.Check {
        { c in
            let kek = SymmetricKey(data: try c.hex("key"))
            let (msg, ct) = (try c.hex("msg"), try c.hex("ct"))
            let unwrapped =
                padded ? try AES.KeyWrapWithPadding.unwrap(ct, using: kek) : try AES.KeyWrap.unwrap(ct, using: kek)
            try expectEqual(bytes(unwrapped), msg, "unwrapped key")
            let key = SymmetricKey(data: msg)
            let wrapped =
                padded ? try AES.KeyWrapWithPadding.wrap(key, using: kek) : try AES.KeyWrap.wrap(key, using: kek)
            try expectEqual(wrapped, ct, "wrapped key")
        }
    }

    static func pbkdf2(_ prf: PBKDF2.PseudoRandomFunction) -> VectorRunner.Check {
        { c in
            let dk = try PBKDF2.deriveKey(
                password: try c.hex("password"), salt: try c.hex("salt"), iterations: try c.int("iterationCount"),
                outputByteCount: try c.int("dkLen"), using: prf)
            try expectEqual(bytes(dk), try c.hex("dk"), "dk")
        }
    }

    static let scrypt: VectorRunner.Check = { c in
        let parameters = try Scrypt.Parameters(n: try c.int("N"), r: try c.int("r"), p: try c.int("p"))
        // RFC 7914 case 4 needs 1 GiB; the test raises the limit explicitly, as a caller would.
        let dk = try Scrypt.deriveKey(
            password: try c.hex("password"), salt: try c.hex("salt"), parameters: parameters,
            outputByteCount: try c.int("dkLen"), memoryLimit: parameters.memoryByteCount ?? 0)
        try expectEqual(bytes(dk), try c.hex("derivedKey"), "derived key")
    }

    static let sm3: VectorRunner.Check = { c in
        let message = try c.hex("message")
        try expectEqual(SM3.hash(data: message).bytes, try c.hex("digest"), "one-shot digest")
        var hasher = SM3()
        for byte in message { hasher.update(data: [byte]) }
        try expectEqual(hasher.finalize().bytes, try c.hex("digest"), "incremental digest")
    }

    static let hmacSM3: VectorRunner.Check = { c in
        let key = SymmetricKey(data: try c.hex("key"))
        let code = HMACKey<SM3>(key).authenticationCode(for: try c.hex("message"))
        try expectEqual(code.bytes, try c.hex("mac"), "mac")
    }
}
