import Foundation

/// A buffer for secret bytes: keys, seeds, shared secrets, PANs and OTP secrets.
///
/// Security contract: the buffer is allocated once, never copied by the runtime (copies of the value
/// share one immutable storage), zeroised with `OPENSSL_cleanse` when the last copy is released, and
/// compared in constant time with `CRYPTO_memcmp`. `description` and `debugDescription` print only the
/// length. It does not stop the caller from copying the bytes out with `withUnsafeBytes`; a copy made
/// that way is the caller's to protect. Memory is not locked against swapping.
public struct SecureBytes: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    @usableFromInline let storage: Storage

    /// Copies `bytes` into a new secret buffer. The caller should wipe its own copy if it can.
    public init(_ bytes: some DataProtocol) {
        storage = Storage(count: bytes.count)
        var offset = 0
        for region in bytes.regions {
            region.withUnsafeBytes { source in
                guard let base = source.baseAddress, !source.isEmpty else { return }
                (storage.pointer + offset).copyMemory(from: base, byteCount: source.count)
                offset += source.count
            }
        }
    }

    /// Creates `count` bytes from the cryptographically secure generator.
    public init(randomByteCount count: Int) {
        storage = Storage(count: count)
        SecureRandom.fill(UnsafeMutableRawBufferPointer(start: storage.pointer, count: count))
    }

    /// Creates a buffer of `count` bytes that `initializer` fills in place, so the secret is never
    /// held in an ordinary array first.
    /// Throws `CryptoError`.
    public init(
        unsafeUninitializedCount count: Int,
        initializingWith initializer: (UnsafeMutableRawBufferPointer) throws -> Void
    ) rethrows {
        storage = Storage(count: count)
        try initializer(UnsafeMutableRawBufferPointer(start: storage.pointer, count: count))
    }

    /// The number of secret bytes.
    public var count: Int { storage.count }

    /// Lends the secret bytes for the duration of `body`. Do not let the pointer escape.
    /// Throws `CryptoError`.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Constant-time equality; the time taken depends only on the lengths.
    public static func == (lhs: SecureBytes, rhs: SecureBytes) -> Bool {
        lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in ConstantTime.equals(a, b) } }
    }

    /// `SecureBytes(N bytes)`: the length only, never the content.
    public var description: String { "SecureBytes(\(count) bytes)" }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// The owner of the secret allocation; it is immutable after init, so sharing it is sound.
    @usableFromInline
    final class Storage: @unchecked Sendable {
        @usableFromInline let pointer: UnsafeMutableRawPointer
        @usableFromInline let count: Int

        init(count: Int) {
            precondition(count >= 0, "SecureBytes count must not be negative")
            self.count = count
            // One spare byte so that a zero-length secret still owns a valid, distinct pointer.
            pointer = UnsafeMutableRawPointer.allocate(byteCount: count + 1, alignment: 16)
            pointer.initializeMemory(as: UInt8.self, repeating: 0, count: count + 1)
        }

        deinit {
            SecureMemory.cleanse(pointer, count: count + 1)
            pointer.deallocate()
        }
    }
}
