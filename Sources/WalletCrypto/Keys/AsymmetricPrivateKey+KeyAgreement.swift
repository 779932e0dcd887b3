extension AsymmetricPrivateKey where Scheme: KeyAgreementScheme {
    /// X25519 or ECDH with `publicKey`, which was validated when it was imported. Throws
    /// `.invalidParameter` when X25519 yields the all-zero secret of a low-order point.
    /// Throws `CryptoError`.
    public func sharedSecretFromKeyAgreement(with publicKey: AsymmetricPublicKey<Scheme>) throws
        -> SharedSecret
    {
        SharedSecret(secret: try key.sharedSecret(with: publicKey.key))
    }
}
