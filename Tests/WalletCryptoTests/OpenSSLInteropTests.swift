import Foundation
import TestSupport
import Testing
import WalletCrypto

/// Keys, signatures and key agreement checked against the real `openssl` command line.
@Suite("Interop with the openssl CLI")
struct OpenSSLInteropTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wc-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ contents: some DataProtocol) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(contents).write(to: url)
        return url.path
    }

    func read(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// openssl reads our private key and derives the same public key; we read its keys back.
    func keysRoundTrip<S: KeyScheme>(_: S.Type, genpkey: [String]) throws {
        let ours = S.PrivateKey()
        let ourPath = try file("ours.pem", Array(ours.pemRepresentation.utf8))
        #expect(try runPeer(["openssl", "pkey", "-in", ourPath, "-pubout"]) == ours.publicKey.pemRepresentation)
        let theirPath = folder.appendingPathComponent("theirs.pem").path
        _ = try runPeer(["openssl", "genpkey"] + genpkey + ["-out", theirPath])
        let theirs = try S.PrivateKey(pemRepresentation: String(decoding: try read("theirs.pem"), as: UTF8.self))
        let theirPublic = try runPeer(["openssl", "pkey", "-in", theirPath, "-pubout"])
        #expect(theirs.publicKey.pemRepresentation == theirPublic)
        #expect(try S.PublicKey(pemRepresentation: theirPublic) == theirs.publicKey)
        let der = try runPeerBytes(["openssl", "pkey", "-in", theirPath, "-outform", "DER"])
        #expect(try S.PrivateKey(derRepresentation: der).publicKey == theirs.publicKey)
    }

    @Test func ed25519() throws {
        try keysRoundTrip(Ed25519.self, genpkey: ["-algorithm", "ED25519"])
        let key = Ed25519.PrivateKey()
        let message = SecureRandom.bytes(count: 1000)
        let (keyPath, publicPath, messagePath) = try paths(key, message)
        let signaturePath = try file("sig", try key.signature(for: message).rawRepresentation)
        _ = try runPeer([
            "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", publicPath, "-rawin", "-in", messagePath,
            "-sigfile", signaturePath,
        ])
        let theirs = try runPeerBytes(["openssl", "pkeyutl", "-sign", "-inkey", keyPath, "-rawin", "-in", messagePath])
        #expect(key.publicKey.isValidSignature(try Ed25519.Signature(rawRepresentation: theirs), for: message))
    }

    @Test(arguments: [("P-256", "sha256"), ("P-384", "sha384"), ("secp256k1", "sha256")])
    func ecdsa(curve: String, digest: String) throws {
        switch curve {
        case "P-256": try ecdsaRoundTrip(P256.Signing.self, curve: curve, digest: digest)
        case "P-384": try ecdsaRoundTrip(P384.Signing.self, curve: curve, digest: digest)
        default: try ecdsaRoundTrip(Secp256k1.Signing.self, curve: curve, digest: digest)
        }
    }

    private func ecdsaRoundTrip<S: WeierstrassSigningScheme>(_: S.Type, curve: String, digest: String) throws {
        try keysRoundTrip(S.self, genpkey: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:\(curve)"])
        let key = S.PrivateKey()
        let message = SecureRandom.bytes(count: 777)
        let (keyPath, publicPath, messagePath) = try paths(key, message)
        let signaturePath = try file("sig", try key.signature(for: message).derRepresentation)
        _ = try runPeer([
            "openssl", "dgst", "-\(digest)", "-verify", publicPath, "-signature", signaturePath, messagePath,
        ])
        let theirs = try runPeerBytes(["openssl", "dgst", "-\(digest)", "-sign", keyPath, messagePath])
        let parsed = try S.Signature(derRepresentation: theirs)
        if let secp = key.publicKey as? Secp256k1.Signing.PublicKey, let sig = parsed as? Secp256k1.Signing.Signature {
            // openssl does not normalise s, so its signatures are high-S about half the time.
            #expect(secp.isValidSignature(sig, for: message, policy: .acceptHighS))
        } else {
            #expect(key.publicKey.isValidSignature(parsed, for: message))
        }
    }

    @Test func sm2WithExplicitDistinguishingID() throws {
        try keysRoundTrip(SM2.Signing.self, genpkey: ["-algorithm", "SM2"])
        let key = SM2.Signing.PrivateKey()
        let message = Array("transfer 100 e-CNY to wallet 42".utf8)
        let (keyPath, publicPath, messagePath) = try paths(key, message)
        let id = "1234567812345678"
        let signaturePath = try file("sig", try key.signature(for: message).derRepresentation)
        _ = try runPeer([
            "openssl", "dgst", "-sm3", "-verify", publicPath, "-sigopt", "distid:\(id)", "-signature", signaturePath,
            messagePath,
        ])
        #expect(throws: PeerFailure.self) {
            // Without the ID, OpenSSL 3.0 uses an empty one and must refuse the signature.
            _ = try runPeer([
                "openssl", "dgst", "-sm3", "-verify", publicPath, "-signature", signaturePath, messagePath,
            ])
        }
        let custom = try key.signature(for: message, distinguishingID: Array("ALICE123@YAHOO.COM".utf8))
        let customPath = try file("sig2", custom.derRepresentation)
        _ = try runPeer([
            "openssl", "dgst", "-sm3", "-verify", publicPath, "-sigopt", "distid:ALICE123@YAHOO.COM", "-signature",
            customPath, messagePath,
        ])
        let theirs = try runPeerBytes([
            "openssl", "dgst", "-sm3", "-sign", keyPath, "-sigopt", "distid:\(id)", messagePath,
        ])
        #expect(key.publicKey.isValidSignature(try SM2.Signing.Signature(derRepresentation: theirs), for: message))
    }

    @Test func keyAgreementMatchesOpenSSLDerive() throws {
        try keysRoundTrip(X25519.KeyAgreement.self, genpkey: ["-algorithm", "X25519"])
        try agreement(X25519.KeyAgreement.self)
        try agreement(P256.KeyAgreement.self)
        try agreement(P384.KeyAgreement.self)
    }

    private func agreement<S: KeyAgreementScheme>(_: S.Type) throws {
        let ours = S.PrivateKey()
        let peer = S.PrivateKey()
        let ourPath = try file("a.pem", Array(ours.pemRepresentation.utf8))
        let peerPath = try file("b.pub.pem", Array(peer.publicKey.pemRepresentation.utf8))
        let theirs = try runPeerBytes(["openssl", "pkeyutl", "-derive", "-inkey", ourPath, "-peerkey", peerPath])
        let shared = try ours.sharedSecretFromKeyAgreement(with: peer.publicKey)
        #expect(shared.withUnsafeBytes { Array($0) } == theirs)
        let reverse = try peer.sharedSecretFromKeyAgreement(with: ours.publicKey)
        #expect(reverse.withUnsafeBytes { Array($0) } == theirs)
    }

    private func paths<S: KeyScheme>(_ key: S.PrivateKey, _ message: [UInt8]) throws -> (String, String, String) {
        (
            try file("key.pem", Array(key.pemRepresentation.utf8)),
            try file("key.pub.pem", Array(key.publicKey.pemRepresentation.utf8)),
            try file("message", message)
        )
    }
}

@Suite("Encrypted PKCS#8 with the openssl CLI")
struct EncryptedPKCS8InteropTests {
    @Test func roundTripsWithOpenSSLBothWays() throws {
        try both(Ed25519.self, genpkey: ["-algorithm", "ED25519"])
        try both(P256.Signing.self, genpkey: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])
        try both(Secp256k1.Signing.self, genpkey: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1"])
        try both(SM2.Signing.self, genpkey: ["-algorithm", "SM2"])
        try both(X25519.KeyAgreement.self, genpkey: ["-algorithm", "X25519"])
    }

    private func both<S: KeyScheme>(_: S.Type, genpkey: [String]) throws {
        let interop = try OpenSSLInteropTests()
        let passphrase = "pässword 42"
        let ours = S.PrivateKey()
        let pem = try ours.encryptedPEMRepresentation(passphrase: Array(passphrase.utf8), iterations: 2048)
        let path = try interop.file("ours.enc.pem", Array(pem.utf8))
        let publicPEM = try runPeer(["openssl", "pkey", "-in", path, "-passin", "pass:\(passphrase)", "-pubout"])
        #expect(publicPEM == ours.publicKey.pemRepresentation)
        let structure = try runPeer(["openssl", "asn1parse", "-in", path])
        #expect(["PBES2", "PBKDF2", "hmacWithSHA256", "aes-256-cbc"].allSatisfy { structure.contains($0) })
        #expect(
            try S.PrivateKey(encryptedPEMRepresentation: pem, passphrase: Array(passphrase.utf8)).publicKey
                == ours.publicKey)
        #expect(throws: CryptoError.authenticationFailure) {
            try S.PrivateKey(encryptedPEMRepresentation: pem, passphrase: Array("wrong".utf8))
        }
        let limited = #expect(throws: CryptoError.self) {
            try S.PrivateKey(
                encryptedPEMRepresentation: pem, passphrase: Array(passphrase.utf8), maximumIterations: 1000)
        }
        #expect(limited?.code == .limitExceeded)

        let plainPath = interop.folder.appendingPathComponent("theirs.pem").path
        _ = try runPeer(["openssl", "genpkey"] + genpkey + ["-out", plainPath])
        let encrypted = try runPeer([
            "openssl", "pkey", "-in", plainPath, "-aes256", "-passout", "pass:\(passphrase)",
        ])
        let theirs = try S.PrivateKey(encryptedPEMRepresentation: encrypted, passphrase: Array(passphrase.utf8))
        #expect(theirs.publicKey.pemRepresentation == (try runPeer(["openssl", "pkey", "-in", plainPath, "-pubout"])))
    }

    @Test func defaultCostWorksAndBadInputIsRejected() throws {
        let key = P384.Signing.PrivateKey()
        let pem = try key.encryptedPEMRepresentation(passphrase: Array("long passphrase".utf8))
        #expect(
            try P384.Signing.PrivateKey(encryptedPEMRepresentation: pem, passphrase: Array("long passphrase".utf8))
                .publicKey == key.publicKey)
        #expect(throws: CryptoError.self) {
            try P256.Signing.PrivateKey(encryptedPEMRepresentation: pem, passphrase: Array("long passphrase".utf8))
        }
        #expect(throws: CryptoError.self) { try key.encryptedPEMRepresentation(passphrase: [1], iterations: 0) }
        #expect(throws: CryptoError.self) {
            try P384.Signing.PrivateKey(encryptedPEMRepresentation: key.pemRepresentation, passphrase: [1])
        }
    }
}

@Suite("One canonical form per key")
struct CanonicalKeyTests {
    @Test func compressedHybridAndExplicitEncodingsFromOpenSSL() throws {
        let interop = try OpenSSLInteropTests()
        let keyPath = interop.folder.appendingPathComponent("p256.pem").path
        _ = try runPeer([
            "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", keyPath,
        ])
        let reference = try P256.Signing.PrivateKey(
            pemRepresentation: String(decoding: try interop.read("p256.pem"), as: UTF8.self))
        // A PKCS#8 key whose embedded public key is compressed still imports to the canonical key,
        // and seals into a key file that opens again.
        let compressedPrivate = try runPeer([
            "sh", "-c", "openssl ec -in \(keyPath) -conv_form compressed 2>/dev/null | openssl pkcs8 -topk8 -nocrypt",
        ])
        let imported = try P256.Signing.PrivateKey(pemRepresentation: compressedPrivate)
        #expect(imported.publicKey == reference.publicKey && imported.publicKey.keyID == reference.publicKey.keyID)
        let cheap = try Scrypt.Parameters(n: 1 << 10, r: 8, p: 1)
        let file = try EncryptedKeyFile.seal(imported, passphrase: [1], parameters: cheap)
        #expect(try file.open(as: P256.Signing.self, passphrase: [1]).publicKey == reference.publicKey)
        // A compressed SubjectPublicKeyInfo is accepted and stored uncompressed: one key, one ID.
        let compressedPublic = try runPeer([
            "openssl", "ec", "-in", keyPath, "-pubout", "-conv_form", "compressed",
        ])
        let publicKey = try P256.Signing.PublicKey(pemRepresentation: compressedPublic)
        #expect(publicKey == reference.publicKey && publicKey.keyID == reference.publicKey.keyID)
        // Hybrid points and explicit curve parameters are refused.
        for options in [["-conv_form", "hybrid"], ["-param_enc", "explicit"]] {
            let pem = try runPeer(["openssl", "ec", "-in", keyPath, "-pubout"] + options)
            #expect(throws: CryptoError.self, "\(options)") { try P256.Signing.PublicKey(pemRepresentation: pem) }
        }
    }

    @Test func otherSingleEncodingRules() throws {
        let pem = P256.Signing.PrivateKey().publicKey.pemRepresentation
        let lines = pem.split(separator: "\n", omittingEmptySubsequences: false)
        let withEmptyLine = (lines.dropLast(2) + ["", lines[lines.count - 2], ""]).joined(separator: "\n")
        #expect(throws: CryptoError.self) { try P256.Signing.PublicKey(pemRepresentation: withEmptyLine) }
        var combined: [UInt8] = []
        let nonce = try AES.GCM.Nonce(insecureNonStandardData: [UInt8](repeating: 1, count: 16))
        let error = #expect(throws: CryptoError.self) {
            try AES.GCM.seal([1], using: SymmetricKey(size: 128), nonce: nonce, into: &combined)
        }
        #expect(error?.code == .invalidParameter)
    }
}
