internal import COpenSSL

/// Wiping of secret memory through OpenSSL, which the optimiser cannot elide.
enum SecureMemory {
    static func cleanse(_ pointer: UnsafeMutableRawPointer, count: Int) {
        OPENSSL_cleanse(pointer, count)
    }
}
