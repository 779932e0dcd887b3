internal import COpenSSL

/// An `OSSL_PARAM` array whose keys and integer values live at stable addresses for as long as
/// the list.
///
/// `OSSL_PARAM_construct_*` stores the pointers it is given. A Swift `&value` argument, and the C
/// string Swift makes from an imported `#define` name such as `OSSL_KDF_PARAM_PASSWORD`, are only
/// valid for the duration of one call, so both are copied here; byte buffers must be kept alive by
/// the caller around `withParameters`.
final class ParameterList {
    private var parameters: [OSSL_PARAM] = []
    private var boxes: [UnsafeMutableRawPointer] = []

    // Never written: OpenSSL copies octet parameters and reads zero bytes from this one.
    nonisolated(unsafe) private static let emptyOctets = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    deinit { for box in boxes { box.deallocate() } }

    private func key(_ name: String) -> UnsafePointer<CChar> {
        let bytes = Array(name.utf8CString)
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        pointer.initialize(from: bytes, count: bytes.count)
        boxes.append(UnsafeMutableRawPointer(pointer))
        return UnsafePointer(pointer)
    }

    private func box<T>(_ value: T) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: 1)
        pointer.initialize(to: value)
        boxes.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    func uint64(_ name: String, _ value: UInt64) {
        parameters.append(OSSL_PARAM_construct_uint64(key(name), box(value)))
    }

    func uint32(_ name: String, _ value: UInt32) {
        parameters.append(OSSL_PARAM_construct_uint32(key(name), box(value)))
    }

    func int32(_ name: String, _ value: Int32) {
        parameters.append(OSSL_PARAM_construct_int(key(name), box(value)))
    }

    /// `string` must outlive the list (OpenSSL-owned names such as `EVP_MD_get0_name` do).
    func utf8(_ name: String, _ string: UnsafeMutablePointer<CChar>) {
        parameters.append(OSSL_PARAM_construct_utf8_string(key(name), string, 0))
    }

    /// `bytes` must stay valid until `withParameters` returns.
    func octets(_ name: String, _ bytes: UnsafeRawBufferPointer) {
        let pointer = UnsafeMutableRawPointer(mutating: bytes.baseAddress) ?? ParameterList.emptyOctets
        parameters.append(OSSL_PARAM_construct_octet_string(key(name), pointer, bytes.count))
    }

    /// Lends the terminated array.
    func withParameters<R>(_ body: (UnsafeMutablePointer<OSSL_PARAM>) throws -> R) rethrows -> R {
        var terminated = parameters
        terminated.append(OSSL_PARAM_construct_end())
        return try terminated.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
    }
}
