/// C strings allocated once and never freed, for `OSSL_PARAM` keys and names that OpenSSL keeps
/// pointers to. A Swift string passed where a `const char *` is expected lives only for one call.
enum StaticCString {
    static func make(_ text: String) -> UnsafeMutablePointer<CChar> {
        let bytes = Array(text.utf8CString)
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        pointer.initialize(from: bytes, count: bytes.count)
        return pointer
    }

    nonisolated(unsafe) static let group = make("group")
    nonisolated(unsafe) static let privateKey = make("priv")
    nonisolated(unsafe) static let publicKey = make("pub")
    nonisolated(unsafe) static let der = make("DER")
    nonisolated(unsafe) static let privateKeyInfo = make("PrivateKeyInfo")
}
