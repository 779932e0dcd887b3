import COpenSSL
import Foundation

/// An `OSSL_PARAM` list built once and passed unchanged to every call, as a C program keeps a static array.
///
/// `OSSL_PARAM_construct_*` stores the key and value pointers it is given. A Swift string or `&value`
/// argument is only valid during one call (in a debug build the key of an imported macro such as
/// `OSSL_KDF_PARAM_SALT` is a temporary copy), so every key and value is copied into memory owned here.
final class CParameters {
    private let list: UnsafeMutablePointer<OSSL_PARAM>
    private let capacity: Int
    private var count = 0
    private var allocations: [UnsafeMutableRawPointer] = []

    init(capacity: Int) {
        self.capacity = capacity
        list = .allocate(capacity: capacity + 1)
        list[0] = OSSL_PARAM_construct_end()
    }

    deinit {
        for allocation in allocations { free(allocation) }
        list.deallocate()
    }

    /// The terminated list, valid while this object lives.
    var pointer: UnsafeMutablePointer<OSSL_PARAM> { list }

    func octets(_ key: String, _ bytes: [UInt8]) {
        let copy = keep(max(bytes.count, 1))
        bytes.withUnsafeBytes { if let base = $0.baseAddress { copy.copyMemory(from: base, byteCount: $0.count) } }
        append(OSSL_PARAM_construct_octet_string(name(key), copy, bytes.count))
    }

    func utf8(_ key: String, _ value: String) {
        append(OSSL_PARAM_construct_utf8_string(name(key), strdupOrDie(value), 0))
    }

    func uint64(_ key: String, _ value: UInt64) {
        append(OSSL_PARAM_construct_uint64(name(key), store(value)))
    }

    func uint32(_ key: String, _ value: UInt32) {
        append(OSSL_PARAM_construct_uint32(name(key), store(value)))
    }

    func int32(_ key: String, _ value: Int32) {
        append(OSSL_PARAM_construct_int(name(key), store(value)))
    }

    private func append(_ parameter: OSSL_PARAM) {
        precondition(count < capacity, "CParameters capacity \(capacity) exceeded")
        list[count] = parameter
        count += 1
        list[count] = OSSL_PARAM_construct_end()
    }

    private func name(_ key: String) -> UnsafePointer<CChar> { UnsafePointer(strdupOrDie(key)) }

    private func strdupOrDie(_ text: String) -> UnsafeMutablePointer<CChar> {
        guard let copy = strdup(text) else { fatalError("strdup: out of memory") }
        allocations.append(copy)
        return copy
    }

    private func store<T>(_ value: T) -> UnsafeMutablePointer<T> {
        let pointer = keep(MemoryLayout<T>.size).bindMemory(to: T.self, capacity: 1)
        pointer.initialize(to: value)
        return pointer
    }

    private func keep(_ byteCount: Int) -> UnsafeMutableRawPointer {
        guard let memory = malloc(byteCount) else { fatalError("malloc: out of memory") }
        allocations.append(memory)
        return memory
    }
}
