/// OpenSSL's two-call `i2d_*` pattern: ask for the length with a NULL output, then write into a
/// buffer of exactly that size.
enum DERWriter {
    /// The encoding, or nil when OpenSSL reports a failure.
    static func encode(_ i2d: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) -> [UInt8]? {
        let length = i2d(nil)
        guard length > 0 else { return nil }
        var output = [UInt8](repeating: 0, count: Int(length))
        let written = output.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d(&cursor)
        }
        return written == length ? output : nil
    }
}
