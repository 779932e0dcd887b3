import Foundation

/// An HMAC key prepared once (OpenSSL's key schedule done at init) that authenticates many
/// messages, from any number of threads.
///
/// Security contract: as `HMAC`. The prepared OpenSSL contexts hold the padded key; they are
/// cleansed and freed when the last reference goes. Made for hot paths such as HOTP/TOTP
/// verification, where re-keying per message would dominate the cost.
public final class HMACKey<H: HashFunction>: Sendable {
    let template: MACTemplate

    /// Prepares `key` for HMAC with `H`.
    public init(_ key: SymmetricKey) {
        template = key.withUnsafeBytes { MACTemplate(digest: H.algorithm, key: $0) }
    }

    /// The code of `data`.
    @inlinable
    public func authenticationCode(for data: some DataProtocol) -> AuthenticationCode {
        ContiguousInput.with(data) { authenticationCode(bufferPointer: $0) }
    }

    /// The code of contiguous bytes.
    public func authenticationCode(bufferPointer: UnsafeRawBufferPointer) -> AuthenticationCode {
        AuthenticationCode(template.authenticate(bufferPointer))
    }

    /// Writes the code of contiguous bytes into `output`, which must be exactly `H.byteCount` bytes:
    /// for hot paths (OTP) that read a code in place and keep nothing.
    public func authenticationCode(bufferPointer: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count == template.size, "the output must be exactly the MAC size")
        template.authenticate(bufferPointer, into: output)
    }

    /// Checks `code` against the code of `data` in constant time; see `HMAC.isValidAuthenticationCode`.
    @inlinable
    public func isValidAuthenticationCode(
        _ code: some DataProtocol, authenticating data: some DataProtocol, truncatedTo length: Int? = nil
    ) -> Bool {
        ContiguousInput.with(code) { code in
            authenticationCode(for: data).matches(code, truncatedTo: length)
        }
    }

    /// Runs `body` with a session that computes several codes in a row on one prepared context,
    /// which the key's cache lends once for all of them: for checking a window of OTP counters.
    public func withSession(_ body: (borrowing HMACSession) -> Void) {
        template.withContext { body(HMACSession(template: template, context: $0)) }
    }

    /// An incremental HMAC starting from this prepared key, without re-keying.
    public func makeHMAC() -> HMAC<H> { HMAC(template: template) }
}
