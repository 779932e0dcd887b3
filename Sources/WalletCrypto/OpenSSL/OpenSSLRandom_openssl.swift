internal import COpenSSL

/// OpenSSL's DRBG (`RAND_bytes`), which reseeds from the OS and is fork-safe.
enum OpenSSLRandom {
    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        var offset = 0
        // RAND_bytes takes an Int32 length; large requests go in chunks.
        while offset < buffer.count {
            let chunk = min(buffer.count - offset, 1 << 30)
            guard RAND_bytes((base + offset).assumingMemoryBound(to: UInt8.self), Int32(chunk)) == 1 else {
                // Without randomness no key or nonce is safe; continuing would be worse than stopping.
                fatalError("RAND_bytes failed: the OpenSSL random generator is unusable")
            }
            offset += chunk
        }
    }
}
