/// Codes computed one after another on a context lent by `HMACKey.withSession`.
///
/// Security contract: as `HMACKey`. The session is non-copyable and exists only inside the
/// `withSession` call, so its context is never used from two threads or after it is returned.
public struct HMACSession: ~Copyable {
    let template: MACTemplate
    let context: OpaquePointer

    /// The code of contiguous bytes.
    public func authenticationCode(bufferPointer: UnsafeRawBufferPointer) -> AuthenticationCode {
        AuthenticationCode(template.authenticate(on: context, bufferPointer))
    }

    /// Writes the code of contiguous bytes into `output`, exactly the MAC size, without copies.
    public func authenticationCode(bufferPointer: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count == template.size, "the output must be exactly the MAC size")
        template.authenticate(on: context, bufferPointer, into: output)
    }
}
