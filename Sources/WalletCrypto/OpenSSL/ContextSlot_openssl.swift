import Synchronization

/// A one-place cache for a prepared OpenSSL context (keyed `EVP_CIPHER_CTX`, `EVP_MAC_CTX`, reset
/// `EVP_MD_CTX`).
///
/// Re-initialising a prepared context costs a fraction of building a new one (measured: 0.43x for
/// a 64-byte AES-GCM seal with a new keyed context). `take` hands the cached context to exactly one
/// caller through an atomic exchange, so a context is never used by two threads at once; when the
/// slot is empty, the caller builds its own, and `put` frees any context that finds the slot full.
final class ContextSlot: Sendable {
    // The address as an integer: OpaquePointer is not Sendable, an address is. Zero means empty.
    private let slot = Atomic<UInt>(0)
    private let free: @Sendable (OpaquePointer) -> Void

    init(free: @escaping @Sendable (OpaquePointer) -> Void) {
        self.free = free
    }

    /// The cached context, now owned by the caller, or nil.
    func take() -> OpaquePointer? {
        OpaquePointer(bitPattern: slot.exchange(0, ordering: .acquiring))
    }

    /// Returns a context that is in a reusable state; frees it if another is already cached.
    func put(_ context: OpaquePointer) {
        let (stored, _) = slot.compareExchange(
            expected: 0, desired: UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(context))), ordering: .releasing)
        if !stored { free(context) }
    }

    /// Frees a context that failed mid-operation and must not be reused.
    func discard(_ context: OpaquePointer) {
        free(context)
    }

    deinit {
        if let context = OpaquePointer(bitPattern: slot.exchange(0, ordering: .acquiring)) { free(context) }
    }
}
