import Foundation

/// The 8-byte key number minisign stores in public keys and signatures (`docs/spec/minisign.md`).
///
/// Security contract: a key ID only routes a signature to the key that should check it. It is
/// random, not derived from the key, so it proves nothing: an attacker can copy any key ID into
/// their own key. Trust comes from the public key itself, never from a matching ID.
public struct MinisignKeyID: Sendable, Hashable, CustomStringConvertible {
    /// The 8 bytes in file order, as the library's own encoders read them.
    let bytes: [UInt8]

    /// The 8 bytes in file order, which is the little-endian encoding of the number minisign prints.
    public var rawRepresentation: Data { Data(bytes) }

    /// The byte length of a minisign key ID.
    public static let byteCount = 8

    /// Wraps 8 bytes in file order. Throws `CryptoError` `.invalidEncoding` for any other length.
    public init(rawRepresentation: some Sequence<UInt8>) throws {
        let bytes = Array(rawRepresentation)
        guard bytes.count == Self.byteCount else {
            throw CryptoError(
                .invalidEncoding, "a minisign key ID is \(Self.byteCount) bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// A fresh ID from OpenSSL's DRBG, as `minisign -G` makes one; 64 bits keep two keys of one
    /// signer from sharing an ID by accident.
    public static func random() -> MinisignKeyID {
        MinisignKeyID(checked: SecureRandom.bytes(count: byteCount))
    }

    init(checked bytes: [UInt8]) { self.bytes = bytes }

    /// 16 uppercase hex digits, most significant first, exactly as minisign prints the key ID
    /// (`%016" PRIX64` of the little-endian number), so users can compare it with minisign's output.
    public var description: String {
        Hex.encode(bytes.reversed()).uppercased()
    }
}
