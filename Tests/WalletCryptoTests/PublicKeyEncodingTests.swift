import Testing

@testable import WalletCrypto

/// Ed25519 and X25519 public keys are DER-encoded without OpenSSL's encoder (issue 15); these tests
/// hold the direct bytes to what the encoder writes, for generated and imported keys.
struct PublicKeyEncodingTests {
    private func matchesEncoder<S: KeyScheme>(_: S.Type) throws {
        for _ in 0..<200 {
            let generated = S.PrivateKey()
            let publicKey = generated.publicKey
            #expect(publicKey.derBytes == publicKey.key.encodedPublicKeyDER(), "\(S.algorithm)")
            #expect(publicKey.derBytes == generated.key.encodedPublicKeyDER(), "\(S.algorithm)")
            let imported = try S.PublicKey(rawRepresentation: publicKey.rawRepresentation)
            #expect(imported.derBytes == imported.key.encodedPublicKeyDER())
            let reparsed = try S.PublicKey(derRepresentation: publicKey.derRepresentation)
            #expect(reparsed == publicKey && reparsed.keyID == publicKey.keyID)
        }
    }

    @Test func x25519MatchesOpenSSLEncoder() throws { try matchesEncoder(X25519.KeyAgreement.self) }

    @Test func ed25519MatchesOpenSSLEncoder() throws { try matchesEncoder(Ed25519.self) }

    /// The EC curves still use the encoder; the same round trip guards them.
    @Test func ecCurvesMatchOpenSSLEncoder() throws {
        try matchesEncoder(P256.Signing.self)
        try matchesEncoder(SM2.Signing.self)
    }
}
