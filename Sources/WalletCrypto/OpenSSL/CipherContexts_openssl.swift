internal import COpenSSL

extension ContextSlot {
    /// A slot for keyed `EVP_CIPHER_CTX`s.
    static func forCipherContexts() -> ContextSlot {
        ContextSlot { EVP_CIPHER_CTX_free($0) }
    }
}
