import Foundation
import WalletCrypto

/// Every row of the report, each pairing a WalletCrypto call with the fastest direct OpenSSL use
/// for the same work. Preparing a row checks that both sides produce the same bytes.
enum Suite {
    static let sizes = [64, 1 << 10, 16 << 10, 1 << 20]

    static func all(sink: Sink) -> [Benchmark] {
        digest(SHA256.self, "SHA-256", "SHA2-256", sink)
            + digest(SHA384.self, "SHA-384", "SHA2-384", sink)
            + digest(SHA512.self, "SHA-512", "SHA2-512", sink)
            + digest(SHA3_256.self, "SHA3-256", "SHA3-256", sink)
            + digest(SM3.self, "SM3", "SM3", sink)
            + digest(BLAKE2b512.self, "BLAKE2b-512", "BLAKE2B-512", sink)
            + digest(Insecure.SHA1.self, "SHA-1", "SHA1", sink)
            + hmac(SHA256.self, "HMAC-SHA-256", "SHA2-256", keyByteCount: 32, sizes: sizes, sink)
            // 8 bytes is a HOTP/TOTP counter, the hot path the issue sets a goal for.
            + hmac(Insecure.SHA1.self, "HMAC-SHA-1", "SHA1", keyByteCount: 20, sizes: [8] + sizes, sink) {
                $0 == 8 ? .smallHMAC : nil
            }
            + aead(AES.GCM.self, "AES-128-GCM", keyByteCount: 16, sink)
            + aead(AES.GCM.self, "AES-256-GCM", keyByteCount: 32, sink)
            + aead(ChaChaPoly.self, "ChaCha20-Poly1305", keyByteCount: 32, sink)
            + [hkdf(sink), pbkdf2(sink), scrypt(sink), keyWrap(sink)]
            + ed25519(sink)
            + weierstrass(P256.Signing.self, "ECDSA P-256", .ecdsa(digest: "SHA2-256"), sink)
            + weierstrass(P384.Signing.self, "ECDSA P-384", .ecdsa(digest: "SHA2-384"), sink)
            + secp256k1(sink)
            + [x25519KeyGeneration(sink)]
            + hpke(sink)
            + [streaming(encrypt: true, sink), streaming(encrypt: false, sink)]
            + [streamingVersusSpeed(encrypt: true, sink), streamingVersusSpeed(encrypt: false, sink)]
            + weierstrass(SM2.Signing.self, "SM2", .sm2, sink)
            + shangMi(sink)
            + otp(sink)
            + signer(sink)
    }

    /// Varied but reproducible input: the same bytes every run, and no zeros for any layer to shortcut.
    static func bytes(_ count: Int, seed: UInt8 = 1) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ Int(seed) &* 7 &+ ($0 >> 8)) }
    }

    private static func digest<H: HashFunction>(
        _: H.Type, _ name: String, _ openSSLName: String, _ sink: Sink
    ) -> [Benchmark] {
        sizes.map { size in
            Benchmark(name, size: size, goal: size >= 16 << 10 ? .bulkHashing : nil) {
                let input = bytes(size)
                let direct = try DirectDigest(openSSLName)
                try BenchError.expectSame(H.hash(data: input).bytes, try direct.digest(input), name)
                return (
                    { sink.eat(H.hash(data: input).withUnsafeBytes { $0.last ?? 0 }) },
                    { sink.eat(try input.withUnsafeBytes { try direct.hash($0) }) }
                )
            }
        }
    }

    private static func hmac<H: HashFunction>(
        _: H.Type, _ name: String, _ openSSLDigest: String, keyByteCount: Int, sizes: [Int], _ sink: Sink,
        goal: (Int) -> Goal? = { _ in nil }
    ) -> [Benchmark] {
        sizes.map { size in
            Benchmark(name, size: size, goal: goal(size)) {
                let input = bytes(size)
                let keyBytes = bytes(keyByteCount, seed: 2)
                let key = HMACKey<H>(SymmetricKey(data: keyBytes))
                let direct = try DirectHMAC(digest: openSSLDigest, key: keyBytes)
                try BenchError.expectSame(key.authenticationCode(for: input).bytes, try direct.code(input), name)
                return (
                    { sink.eat(key.authenticationCode(for: input).withUnsafeBytes { $0.last ?? 0 }) },
                    { sink.eat(try input.withUnsafeBytes { try direct.authenticate($0) }) }
                )
            }
        }
    }

    /// Seal and open with an explicit nonce at every size, and seal with a fresh random nonce at 64 B.
    private static func aead<S: AEADScheme>(_: S.Type, _ name: String, keyByteCount: Int, _ sink: Sink) -> [Benchmark] {
        let seals = sizes.map { size in
            Benchmark("\(name) seal", size: size, goal: size >= 16 << 10 ? .bulkAEAD : nil) {
                let (input, key, nonce, direct) = try aeadFixture(S.self, name, keyByteCount, size)
                let box = try S.seal(input, using: key, nonce: nonce)
                _ = try input.withUnsafeBytes { try direct.seal($0) }
                try BenchError.expectSame(
                    Array(box.combined ?? Data()), direct.sealedBox(messageByteCount: size), "\(name) seal")
                return (
                    { sink.eat(try S.seal(input, using: key, nonce: nonce).combined) },
                    { sink.eat(try input.withUnsafeBytes { try direct.seal($0) }) }
                )
            }
        }
        let opens = sizes.map { size in
            Benchmark("\(name) open", size: size, goal: size >= 16 << 10 ? .bulkAEAD : nil) {
                let (input, key, nonce, direct) = try aeadFixture(S.self, name, keyByteCount, size)
                let box = try S.seal(input, using: key, nonce: nonce)
                let combined = Array(box.combined ?? Data())
                try BenchError.expectSame(Array(try S.open(box, using: key)), input, "\(name) open")
                _ = try combined.withUnsafeBytes { try direct.open($0) }
                try BenchError.expectSame(direct.plaintext(count: size), input, "\(name) open")
                return (
                    { sink.eat(try S.open(box, using: key)) },
                    { sink.eat(try combined.withUnsafeBytes { try direct.open($0) }) }
                )
            }
        }
        let randomNonce = Benchmark("\(name) seal, random nonce", size: 64, goal: .smallAEAD) {
            let (input, key, _, direct) = try aeadFixture(S.self, name, keyByteCount, 64)
            // Random output cannot be compared byte for byte; each side must open the other's box instead.
            let box = try S.seal(input, using: key)
            _ = try Array(box.combined ?? Data()).withUnsafeBytes { try direct.open($0) }
            _ = try input.withUnsafeBytes { try direct.sealWithRandomNonce($0) }
            let directBox = try S.SealedBox(combined: direct.sealedBox(messageByteCount: 64))
            try BenchError.expectSame(
                Array(try S.open(directBox, using: key)), direct.plaintext(count: 64), "\(name) seal")
            let combined = ReusedBuffer()
            return (
                {
                    try S.seal(input, using: key, into: &combined.bytes.pointee)
                    sink.eat(combined.bytes.pointee.last ?? 0)
                },
                { sink.eat(try input.withUnsafeBytes { try direct.sealWithRandomNonce($0) }) }
            )
        }
        // The allocation-free forms: a server reusing one output buffer per connection.
        let sealInto = sizes.map { size in
            Benchmark("\(name) seal into buffer", size: size, goal: aeadGoal(size)) {
                let (input, key, nonce, direct) = try aeadFixture(S.self, name, keyByteCount, size)
                let combined = ReusedBuffer()
                try S.seal(input, using: key, nonce: nonce, into: &combined.bytes.pointee)
                _ = try input.withUnsafeBytes { try direct.seal($0) }
                try BenchError.expectSame(
                    combined.bytes.pointee, direct.sealedBox(messageByteCount: size), "\(name) seal into")
                return (
                    {
                        try S.seal(input, using: key, nonce: nonce, into: &combined.bytes.pointee)
                        sink.eat(combined.bytes.pointee.last ?? 0)
                    },
                    { sink.eat(try input.withUnsafeBytes { try direct.seal($0) }) }
                )
            }
        }
        let openInto = sizes.map { size in
            Benchmark("\(name) open into buffer", size: size, goal: aeadGoal(size)) {
                let (input, key, nonce, direct) = try aeadFixture(S.self, name, keyByteCount, size)
                let combined = Array(try S.seal(input, using: key, nonce: nonce).combined ?? Data())
                let plaintext = ReusedBuffer()
                try S.open(combined: combined, using: key, into: &plaintext.bytes.pointee)
                try BenchError.expectSame(plaintext.bytes.pointee, input, "\(name) open into")
                return (
                    {
                        try S.open(combined: combined, using: key, into: &plaintext.bytes.pointee)
                        sink.eat(plaintext.bytes.pointee.last ?? 0)
                    },
                    { sink.eat(try combined.withUnsafeBytes { try direct.open($0) }) }
                )
            }
        }
        return seals + opens + sealInto + openInto + [randomNonce]
    }

    private static func aeadGoal(_ size: Int) -> Goal? {
        size >= 16 << 10 ? .bulkAEAD : size == 64 ? .smallAEAD : nil
    }

    private static func aeadFixture<S: AEADScheme>(
        _: S.Type, _ name: String, _ keyByteCount: Int, _ size: Int
    ) throws -> (input: [UInt8], key: SymmetricKey, nonce: S.Nonce, direct: DirectAEAD) {
        let keyBytes = bytes(keyByteCount, seed: 3)
        let nonceBytes = bytes(DirectAEAD.nonceByteCount, seed: 4)
        let direct = try DirectAEAD(name, key: keyBytes, nonce: nonceBytes, capacity: size)
        return (bytes(size), SymmetricKey(data: keyBytes), try S.Nonce(data: nonceBytes), direct)
    }

    private static func hkdf(_ sink: Sink) -> Benchmark {
        Benchmark("HKDF-SHA-256 deriveKey", inputLabel: "32 B out") {
            let ikm = bytes(32, seed: 5)
            let salt = bytes(32, seed: 6)
            let info = Array("custody-bench hkdf".utf8)
            let key = SymmetricKey(data: ikm)
            let direct = try DirectKDF.hkdf(ikm: ikm, salt: salt, info: info, outputByteCount: 32)
            let wallet = {
                HKDF<SHA256>.deriveKey(inputKeyMaterial: key, salt: salt, info: info, outputByteCount: 32)
            }
            try expectSame(wallet(), direct, "HKDF-SHA-256")
            return ({ sink.eat(wallet().withUnsafeBytes { $0.last ?? 0 }) }, { sink.eat(try direct.derive()) })
        }
    }

    private static let pbkdf2Iterations = 1_000

    private static func pbkdf2(_ sink: Sink) -> Benchmark {
        Benchmark("PBKDF2-HMAC-SHA-256, \(pbkdf2Iterations) iterations", inputLabel: "32 B out") {
            let password = Array("correct horse battery staple".utf8)
            let salt = bytes(16, seed: 7)
            let direct = try DirectKDF.pbkdf2(
                password: password, salt: salt, iterations: pbkdf2Iterations, outputByteCount: 32)
            let wallet = {
                try PBKDF2.deriveKey(
                    password: password, salt: salt, iterations: pbkdf2Iterations, outputByteCount: 32,
                    using: .hmacSHA256)
            }
            try expectSame(try wallet(), direct, "PBKDF2")
            return ({ sink.eat(try wallet().withUnsafeBytes { $0.last ?? 0 }) }, { sink.eat(try direct.derive()) })
        }
    }

    private static func scrypt(_ sink: Sink) -> Benchmark {
        Benchmark("scrypt N=2^14 r=8 p=1", inputLabel: "32 B out") {
            let password = Array("correct horse battery staple".utf8)
            let salt = bytes(16, seed: 8)
            let cost = try Scrypt.Parameters(n: 1 << 14, r: 8, p: 1)
            let direct = try DirectKDF.scrypt(
                password: password, salt: salt, n: cost.n, r: cost.r, p: cost.p,
                maxMemory: Scrypt.defaultMemoryLimit, outputByteCount: 32)
            let wallet = {
                try Scrypt.deriveKey(password: password, salt: salt, parameters: cost, outputByteCount: 32)
            }
            try expectSame(try wallet(), direct, "scrypt")
            return ({ sink.eat(try wallet().withUnsafeBytes { $0.last ?? 0 }) }, { sink.eat(try direct.derive()) })
        }
    }

    private static func keyWrap(_ sink: Sink) -> Benchmark {
        Benchmark("AES-256 key wrap (RFC 3394)", inputLabel: "32 B key") {
            let kekBytes = bytes(32, seed: 9)
            let keyBytes = bytes(32, seed: 10)
            let kek = SymmetricKey(data: kekBytes)
            let key = SymmetricKey(data: keyBytes)
            let direct = try DirectKeyWrap("AES-256-WRAP", kek: kekBytes, maximumKeyByteCount: 32)
            // Twice, to prove the re-initialised context gives the same answer as a fresh one.
            for _ in 0..<2 {
                try BenchError.expectSame(
                    try AES.KeyWrap.wrap(key, using: kek), try direct.wrapped(keyBytes), "key wrap")
            }
            return (
                { sink.eat(try AES.KeyWrap.wrap(key, using: kek)) },
                { sink.eat(try keyBytes.withUnsafeBytes { try direct.wrap($0) }) }
            )
        }
    }

    /// Checks a derived key against two derivations on the kept context, so re-using it is proven sound.
    private static func expectSame(_ key: SymmetricKey, _ direct: DirectKDF, _ what: String) throws {
        let walletBytes = key.withUnsafeBytes { Array($0) }
        for _ in 0..<2 { try BenchError.expectSame(walletBytes, try direct.derivedKey(), what) }
    }

    /// Sign and verify of a 64-byte message. Signatures are randomised (except Ed25519), so each
    /// side must verify the other's instead of comparing bytes.
    private static func signatures<S: SigningScheme>(
        _: S.Type, _ name: String, _ kind: DirectSignature.Kind, _ sink: Sink,
        toOpenSSL: @escaping (S.Signature) -> [UInt8], fromOpenSSL: @escaping ([UInt8]) throws -> S.Signature,
        acceptsOpenSSL: @escaping (S.PublicKey, S.Signature, [UInt8]) -> Bool = { $0.isValidSignature($1, for: $2) }
    ) -> [Benchmark] {
        let message = bytes(64, seed: 9)
        func fixture() throws -> (S.PrivateKey, DirectSignature) {
            let key = S.PrivateKey()
            let direct = try DirectSignature(pem: key.pemRepresentation, kind: kind)
            let ours = try key.signature(for: message)
            _ = try direct.sign(message)
            let theirs = try fromOpenSSL(direct.lastSignature)
            guard try direct.verify(toOpenSSL(ours), message), acceptsOpenSSL(key.publicKey, theirs, message) else {
                throw BenchError("\(name): the two sides do not accept each other's signatures")
            }
            return (key, direct)
        }
        return [
            Benchmark("\(name) sign", inputLabel: "64 B message", goal: .signature) {
                let (key, direct) = try fixture()
                return (
                    { sink.eat(try key.signature(for: message).rawRepresentation.last ?? 0) },
                    { sink.eat(try direct.sign(message)) }
                )
            },
            Benchmark("\(name) verify", inputLabel: "64 B message", goal: .signature) {
                let (key, direct) = try fixture()
                let signature = try key.signature(for: message)
                let publicKey = key.publicKey
                let encoded = toOpenSSL(signature)
                return (
                    { sink.eat(publicKey.isValidSignature(signature, for: message) ? 1 : 0) },
                    { sink.eat(try direct.verify(encoded, message) ? 1 : 0) }
                )
            },
        ]
    }

    private static func ed25519(_ sink: Sink) -> [Benchmark] {
        signatures(
            Ed25519.self, "Ed25519", .ed25519, sink, toOpenSSL: { Array($0.rawRepresentation) },
            fromOpenSSL: { try Ed25519.Signature(rawRepresentation: $0) })
    }

    /// ECDSA and SM2 signatures travel to OpenSSL as DER.
    private static func weierstrass<S: WeierstrassSigningScheme>(
        _: S.Type, _ name: String, _ kind: DirectSignature.Kind, _ sink: Sink
    ) -> [Benchmark] {
        signatures(
            S.self, name, kind, sink, toOpenSSL: { Array($0.derRepresentation) },
            fromOpenSSL: { try S.Signature(derRepresentation: $0) })
    }

    /// OpenSSL does not normalise s, so its secp256k1 signatures are checked under `.acceptHighS`.
    private static func secp256k1(_ sink: Sink) -> [Benchmark] {
        signatures(
            Secp256k1.Signing.self, "ECDSA secp256k1", .ecdsa(digest: "SHA2-256"), sink,
            toOpenSSL: { Array($0.derRepresentation) },
            fromOpenSSL: { try Secp256k1.Signing.Signature(derRepresentation: $0) },
            acceptsOpenSSL: { $0.isValidSignature($1, for: $2, policy: .acceptHighS) })
    }

    /// A new X25519 key pair and its public key's bytes (issue 15: the public half was DER-encoded
    /// through OpenSSL's encoder at once), against `EVP_PKEY_generate` on a kept context.
    private static func x25519KeyGeneration(_ sink: Sink) -> Benchmark {
        Benchmark("X25519 keygen", inputLabel: "key pair + public bytes", goal: .keyGeneration) {
            let direct = try DirectKeyGeneration("X25519")
            let key = X25519.KeyAgreement.PrivateKey()
            let publicKey = try X25519.KeyAgreement.PublicKey(rawRepresentation: key.publicKey.rawRepresentation)
            guard publicKey == key.publicKey, publicKey.derRepresentation.count == 44 else {
                throw BenchError("X25519 keygen: the public key does not round-trip")
            }
            return (
                { sink.eat(X25519.KeyAgreement.PrivateKey().publicKey.rawRepresentation.last ?? 0) },
                { sink.eat(try direct.generate()) }
            )
        }
    }

    /// Single-shot HPKE of 1 KiB: a new sender (ephemeral key, DH, key schedule) and one seal, or a
    /// new recipient and one open, against the sum of the OpenSSL steps that composes.
    private static func hpke(_ sink: Sink) -> [Benchmark] {
        let suite = HPKE.Ciphersuite.Curve25519_SHA256_AES_GCM_256
        let message = bytes(1024, seed: 11)
        let info = Array("custody-bench".utf8)
        return [
            Benchmark("HPKE seal, base X25519/SHA256/AES-256-GCM", size: 1024, goal: .hpke) {
                let recipient = X25519.KeyAgreement.PrivateKey().publicKey
                let direct = try DirectHPKESteps(messageByteCount: 1024)
                return (
                    {
                        var sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: suite, info: info)
                        sink.eat(try sender.seal(message).last ?? 0)
                    },
                    { sink.eat(try direct.seal(message)) }
                )
            },
            Benchmark("HPKE open, base X25519/SHA256/AES-256-GCM", size: 1024, goal: .hpke) {
                let recipient = X25519.KeyAgreement.PrivateKey()
                var sender = try HPKE.Sender(recipientKey: recipient.publicKey, ciphersuite: suite, info: info)
                let ciphertext = try sender.seal(message)
                let enc = sender.encapsulatedKey
                let direct = try DirectHPKESteps(messageByteCount: 1024)
                let box = try direct.box(message)
                return (
                    {
                        var opening = try HPKE.Recipient(
                            privateKey: recipient, ciphersuite: suite, info: info, encapsulatedKey: enc)
                        sink.eat(try opening.open(ciphertext).last ?? 0)
                    },
                    { sink.eat(try direct.open(box)) }
                )
            },
        ]
    }

    static let streamByteCount = 256 << 20
    private static let streamFilesMade = LockedValue(false)

    /// The same stream-v1 file runs against the `openssl speed -evp aes-256-gcm -bytes 16384` figure
    /// itself, run as a child process in the same run (2 s, `-decrypt` for the open side).
    private static func streamingVersusSpeed(encrypt: Bool, _ sink: Sink) -> Benchmark {
        let row = streaming(encrypt: encrypt, sink)
        return Benchmark(
            "stream-v1 \(encrypt ? "encrypt" : "decrypt") file vs openssl speed 16 KiB", size: streamByteCount,
            goal: .streaming, externalRate: { try opensslSpeedRate(decrypt: !encrypt) / Double(streamByteCount) },
            prepare: row.prepare)
    }

    /// Bytes per second from `openssl speed -evp aes-256-gcm -bytes 16384 -seconds 2`.
    private static func opensslSpeedRate(decrypt: Bool) throws -> Double {
        try opensslSpeedRate(cipher: "aes-256-gcm", bytes: 16 << 10, decrypt: decrypt)
    }

    /// Bytes per second from `openssl speed -evp cipher -bytes bytes -seconds 2` (`-decrypt` to decrypt).
    static func opensslSpeedRate(cipher: String, bytes: Int, decrypt: Bool) throws -> Double {
        let text = try ChildProgram.run(
            ["openssl", "speed"] + (decrypt ? ["-decrypt"] : [])
                + ["-evp", cipher, "-bytes", "\(bytes)", "-seconds", "2"])
        // The result line is "AES-256-GCM  4115603.46k": thousands of bytes per second.
        guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix(cipher.uppercased()) }),
            let figure = line.split(separator: " ").last, figure.hasSuffix("k"), let rate = Double(figure.dropLast())
        else { throw BenchError("openssl speed printed no \(cipher.uppercased()) figure") }
        return rate * 1000
    }

    /// stream-v1 reading a 256 MiB file from the page cache, against AES-256-GCM over the same bytes in
    /// 16 KiB messages on a kept context (what `openssl speed -evp aes-256-gcm -bytes 16384` measures).
    private static func streaming(encrypt: Bool, _ sink: Sink) -> Benchmark {
        Benchmark(
            "stream-v1 \(encrypt ? "encrypt" : "decrypt") file vs AES-256-GCM 16 KiB", size: streamByteCount,
            goal: .streaming
        ) {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custody-bench-stream")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let plain = folder.appendingPathComponent("plain").path
            let sealed = folder.appendingPathComponent("sealed").path
            // A fixed key, and the files made once per run: rewriting 512 MiB before every row left
            // the kernel flushing them while the next row was timed.
            let key = SymmetricKey(data: bytes(32, seed: 16))
            if !streamFilesMade.withLock({ $0 }) {
                try Data(bytes(streamByteCount, seed: 12)).write(to: URL(fileURLWithPath: plain))
                try StreamEncryption.encryptFile(at: plain, to: sealed, using: key)
                streamFilesMade.withLock { $0 = true }
            }
            let direct = try DirectAEAD(
                "AES-256-GCM", key: bytes(32, seed: 13), nonce: bytes(12, seed: 14), capacity: 16 << 10)
            let block = bytes(16 << 10, seed: 15)
            return (
                {
                    // From the page-cached file to /dev/null: the streaming engine and its reads, not
                    // the disk (the file-path API's final fsync of 256 MiB would measure the disk).
                    guard let input = FileHandle(forReadingAtPath: encrypt ? plain : sealed),
                        let sinkFile = FileHandle(forWritingAtPath: "/dev/null")
                    else { throw BenchError("cannot open the stream files") }
                    defer {
                        try? input.close()
                        try? sinkFile.close()
                    }
                    if encrypt {
                        try StreamEncryption.encrypt(input, to: sinkFile, using: key)
                    } else {
                        try StreamEncryption.decrypt(input, to: sinkFile, using: key)
                    }
                    sink.eat(1)
                },
                {
                    try block.withUnsafeBytes { message in
                        for _ in 0..<(streamByteCount / (16 << 10)) { sink.eat(try direct.seal(message)) }
                    }
                }
            )
        }
    }
}
