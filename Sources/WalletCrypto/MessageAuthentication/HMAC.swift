import Foundation

/// HMAC (RFC 2104) over any `HashFunction`, one-shot or incremental, in the style of CryptoKit.
///
/// Security contract: with a uniformly random key of at least the digest length, codes cannot be
/// forged without the key. Verification compares in constant time and rejects codes of the wrong
/// length. HMAC does not hide the message and does not stop replays; add a counter or nonce for that.
/// To authenticate many messages under one key, use `HMACKey`, which keys OpenSSL once.
public struct HMAC<H: HashFunction>: Sendable {
    var context: MACContext

    /// Starts an incremental HMAC under `key`.
    public init(key: SymmetricKey) {
        context = MACContext(HMACKey<H>(key).template)
    }

    init(template: MACTemplate) {
        context = MACContext(template)
    }

    /// Adds `data` to the message; discontiguous input is processed region by region.
    public mutating func update(data: some DataProtocol) {
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        for region in data.regions {
            region.withUnsafeBytes { context.update($0) }
        }
    }

    /// Returns the code for everything added so far; the HMAC may continue afterwards.
    public func finalize() -> AuthenticationCode {
        AuthenticationCode(context.copy().finalize())
    }

    /// Computes the code of `data` under `key` in one call.
    @inlinable
    public static func authenticationCode(for data: some DataProtocol, using key: SymmetricKey) -> AuthenticationCode {
        ContiguousInput.with(data) { authenticationCode(bufferPointer: $0, using: key) }
    }

    /// Computes the code of contiguous bytes under `key` in one call.
    public static func authenticationCode(bufferPointer: UnsafeRawBufferPointer, using key: SymmetricKey)
        -> AuthenticationCode
    {
        key.withUnsafeBytes { keyBytes in
            AuthenticationCode(MACTemplate.authenticate(digest: H.algorithm, key: keyBytes, bufferPointer))
        }
    }

    /// CryptoKit's name for the code type.
    public typealias MAC = AuthenticationCode
    /// CryptoKit's name for the key type.
    public typealias Key = SymmetricKey

    /// Checks `code`, as computed by `authenticationCode(for:using:)`, against the code of `data`
    /// under `key` in constant time (CryptoKit's form of the call).
    @inlinable
    public static func isValidAuthenticationCode(
        _ code: AuthenticationCode, authenticating data: some DataProtocol, using key: SymmetricKey
    ) -> Bool {
        code.withUnsafeBytes { authenticationCode(for: data, using: key).matches($0, truncatedTo: nil) }
    }

    /// Checks `code` against the code of `data` under `key` in constant time. `truncatedTo` accepts a
    /// code cut to that many leading bytes (at least max(10, L/2)); by default the full length is required.
    @inlinable
    public static func isValidAuthenticationCode(
        _ code: some DataProtocol, authenticating data: some DataProtocol, using key: SymmetricKey,
        truncatedTo length: Int? = nil
    ) -> Bool {
        ContiguousInput.with(code) { code in
            authenticationCode(for: data, using: key).matches(code, truncatedTo: length)
        }
    }
}
