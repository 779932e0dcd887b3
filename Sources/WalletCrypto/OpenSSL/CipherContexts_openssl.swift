internal import COpenSSL

extension ContextSlot {
    /// A slot for a key's keyed contexts: `EVP_CIPHER_CTX`s (AES-GCM, ChaCha20-Poly1305) or SM4
    /// AEAD states, told apart by their tag.
    static func forCipherContexts() -> ContextSlot {
        ContextSlot(freeTagged: { context, tag in
            if SM4AEADEngine.ownsTag(tag) { SM4AEADEngine.free(context) } else { EVP_CIPHER_CTX_free(context) }
        })
    }
}
