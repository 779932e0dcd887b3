import TestSupport
import WalletCrypto

/// Every upstream vector file the foundation must pass, with the check that runs its cases.
enum VectorCatalog {
    static let runners: [VectorRunner] = [
        VectorRunner(wycheproof("aes_gcm"), check: VectorChecks.aead(AES.GCM.self, nonce: VectorChecks.gcmNonce)),
        VectorRunner(
            wycheproof("chacha20_poly1305"),
            check: VectorChecks.aead(ChaChaPoly.self) { try ChaChaPoly.Nonce(data: $0) }),
        VectorRunner(wycheproof("hkdf_sha256"), check: VectorChecks.hkdf(SHA256.self)),
        VectorRunner(wycheproof("hkdf_sha384"), check: VectorChecks.hkdf(SHA384.self)),
        VectorRunner(wycheproof("hkdf_sha512"), check: VectorChecks.hkdf(SHA512.self)),
        VectorRunner(wycheproof("hmac_sha1"), check: VectorChecks.hmac(Insecure.SHA1.self)),
        VectorRunner(wycheproof("hmac_sha256"), check: VectorChecks.hmac(SHA256.self)),
        VectorRunner(wycheproof("hmac_sha512"), check: VectorChecks.hmac(SHA512.self)),
        VectorRunner(wycheproof("hmac_sm3"), check: VectorChecks.hmac(SM3.self)),
        VectorRunner(wycheproof("aes_wrap"), policy: .keyWrap, check: VectorChecks.keyWrap(padded: false)),
        VectorRunner(wycheproof("aes_kwp"), policy: .keyWrap, check: VectorChecks.keyWrap(padded: true)),
        VectorRunner(wycheproof("aes_ff1_base10"), check: FF1VectorChecks.wycheproof),
        VectorRunner(wycheproof("aes_ff1_base36"), check: FF1VectorChecks.wycheproof),
        VectorRunner(VectorFile("fpe/nist-sp800-38g-ff1-samples.json"), check: FF1VectorChecks.nistSample),
        VectorRunner(wycheproof("pbkdf2_hmacsha1"), check: VectorChecks.pbkdf2(.insecureHMACSHA1)),
        VectorRunner(wycheproof("pbkdf2_hmacsha256"), check: VectorChecks.pbkdf2(.hmacSHA256)),
        VectorRunner(wycheproof("pbkdf2_hmacsha512"), check: VectorChecks.pbkdf2(.hmacSHA512)),
        VectorRunner(VectorFile("rfc/rfc7914-scrypt.json"), check: VectorChecks.scrypt),
        VectorRunner(VectorFile("sm/sm3.json"), check: VectorChecks.sm3),
        VectorRunner(VectorFile("sm/hmac-sm3.json"), check: VectorChecks.hmacSM3),
        VectorRunner(wycheproof("ed25519"), check: SignatureVectorChecks.ed25519),
        VectorRunner(
            wycheproof("ecdsa_secp256r1_sha256"), check: SignatureVectorChecks.ecdsa(P256.Signing.self, p1363: false)),
        VectorRunner(
            wycheproof("ecdsa_secp256r1_sha256_p1363"),
            check: SignatureVectorChecks.ecdsa(P256.Signing.self, p1363: true)),
        VectorRunner(
            wycheproof("ecdsa_secp384r1_sha384"), check: SignatureVectorChecks.ecdsa(P384.Signing.self, p1363: false)),
        VectorRunner(
            wycheproof("ecdsa_secp384r1_sha384_p1363"),
            check: SignatureVectorChecks.ecdsa(P384.Signing.self, p1363: true)),
        VectorRunner(
            wycheproof("ecdsa_secp256k1_sha256"),
            check: SignatureVectorChecks.ecdsa(Secp256k1.Signing.self, p1363: false, policy: .acceptHighS)),
        VectorRunner(
            wycheproof("ecdsa_secp256k1_sha256_p1363"),
            check: SignatureVectorChecks.ecdsa(Secp256k1.Signing.self, p1363: true, policy: .acceptHighS)),
        VectorRunner(
            wycheproof("ecdsa_secp256k1_sha256_bitcoin"),
            check: SignatureVectorChecks.ecdsa(Secp256k1.Signing.self, p1363: false, policy: .strictLowS)),
        VectorRunner(wycheproof("x25519"), policy: .x25519, check: SignatureVectorChecks.x25519),
        VectorRunner(wycheproof("ecdh_secp256r1"), policy: .ecdh, check: SignatureVectorChecks.ecdhP256),
        VectorRunner(VectorFile("rfc/rfc8032-ed25519.json"), check: SignatureVectorChecks.rfc8032),
        VectorRunner(VectorFile("sm/sm2.json", casesKey: "signature"), check: SignatureVectorChecks.sm2),
        VectorRunner(VectorFile("sm/sm2.json", casesKey: "encryption"), check: SM2EncryptionVectorChecks.annexC),
        VectorRunner(VectorFile("sm2-ciphertext.json", inProject: true), check: SM2EncryptionVectorChecks.project),
        VectorRunner(VectorFile("sm/sm4.json", casesKey: "aeadCases"), check: SM4VectorChecks.rfc8998),
        VectorRunner(VectorFile("sm/sm4.json", casesKey: "blockCipherCases"), check: SM4VectorChecks.blockMode),
        VectorRunner(VectorFile("sm4-aead.json", inProject: true), check: SM4VectorChecks.project),
        VectorRunner(VectorFile("sm4-gbt32907.json", inProject: true), check: SM4VectorChecks.gbt32907),
        VectorRunner(VectorFile("keyfile-v1.json", inProject: true), check: ProjectVectorChecks.keyFile),
        VectorRunner(
            VectorFile("keyfile-v1-shangmi.json", inProject: true), check: ProjectVectorChecks.keyFileProfile),
        VectorRunner(VectorFile("key-id.json", inProject: true), check: ProjectVectorChecks.keyID),
        VectorRunner(VectorFile("sm2-signature.json", inProject: true), check: ProjectVectorChecks.sm2Signature),
        VectorRunner(VectorFile("stream-v1.json", inProject: true), check: ProjectVectorChecks.stream),
        VectorRunner(VectorFile("stream-v1-shangmi.json", inProject: true), check: ProjectVectorChecks.streamProfile),
        VectorRunner(VectorFile("envelope-v1.json", inProject: true), check: ProjectVectorChecks.envelope),
        VectorRunner(
            VectorFile("envelope-v1-shangmi.json", inProject: true), check: ProjectVectorChecks.envelopeShangMi),
        VectorRunner(VectorFile("audit-log-v1.json", inProject: true), check: AuditLogVectorChecks.check),
    ]

    private static func wycheproof(_ name: String) -> VectorFile {
        VectorFile("wycheproof/testvectors_v1/\(name)_test.json")
    }
}
