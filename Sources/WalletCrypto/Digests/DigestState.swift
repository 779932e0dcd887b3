/// The running state of an incremental hash, with value semantics.
///
/// Security contract: copies are independent (copy-on-write of the OpenSSL context), so a state
/// may be forked to hash a common prefix once. It holds message data in OpenSSL's buffer until the
/// next block; it is not a place for secrets.
public struct DigestState: Sendable {
    var context: DigestContext

    /// A fresh state for `algorithm`.
    public init(_ algorithm: DigestAlgorithm) {
        context = DigestContext(algorithm.backend)
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        context.update(bytes)
    }

    func finalize() -> Digest {
        context.copy().finalize()
    }
}
