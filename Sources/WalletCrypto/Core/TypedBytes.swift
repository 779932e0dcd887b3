import Foundation

/// `withUnsafeBytes` for code that throws only `CryptoError`: the standard library's `rethrows`
/// forms widen a typed throw to `any Error`.
extension Array where Element == UInt8 {
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(CryptoError) -> R) throws(CryptoError) -> R {
        let result = withUnsafeBytes { bytes in Result { () throws(CryptoError) in try body(bytes) } }
        return try result.get()
    }
}

extension SecureBytes {
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(CryptoError) -> R) throws(CryptoError) -> R {
        let result = withUnsafeBytes { bytes in Result { () throws(CryptoError) in try body(bytes) } }
        return try result.get()
    }
}

extension ContiguousInput {
    /// `with` for bodies that throw only `CryptoError`.
    @inlinable
    static func withTyped<R>(
        _ data: some DataProtocol, _ body: (UnsafeRawBufferPointer) throws(CryptoError) -> R
    ) throws(CryptoError) -> R {
        let result = with(data) { bytes in Result { () throws(CryptoError) in try body(bytes) } }
        return try result.get()
    }
}
