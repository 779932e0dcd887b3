import WalletCrypto

/// A secret keyed once for the factor's hash, so each code costs one HMAC without a key schedule.
enum OTPMAC: Sendable {
    case sha1(HMACKey<Insecure.SHA1>)
    case sha256(HMACKey<SHA256>)
    case sha512(HMACKey<SHA512>)

    init(_ algorithm: OTPAlgorithm, secret: SymmetricKey) {
        switch algorithm {
        case .sha1: self = .sha1(HMACKey(secret))
        case .sha256: self = .sha256(HMACKey(secret))
        case .sha512: self = .sha512(HMACKey(secret))
        }
    }

    /// Lends one HMAC context for several codes in a row (a window of counters).
    func withSession(_ body: (borrowing HMACSession) -> Void) {
        switch self {
        case .sha1(let key): key.withSession(body)
        case .sha256(let key): key.withSession(body)
        case .sha512(let key): key.withSession(body)
        }
    }

    /// One code's truncated value on the key's cached context, the MAC read in place on the stack.
    func truncatedValue(counter: UInt64) -> UInt32 {
        Self.truncatedValue(counter: counter, byteCount: byteCount) { message, output in
            switch self {
            case .sha1(let key): key.authenticationCode(bufferPointer: message, into: output)
            case .sha256(let key): key.authenticationCode(bufferPointer: message, into: output)
            case .sha512(let key): key.authenticationCode(bufferPointer: message, into: output)
            }
        }
    }

    /// RFC 4226 section 5.3 on a context lent by `withSession`.
    func truncatedValue(_ session: borrowing HMACSession, counter: UInt64) -> UInt32 {
        Self.truncatedValue(counter: counter, byteCount: byteCount) {
            session.authenticationCode(bufferPointer: $0, into: $1)
        }
    }

    /// The MAC's length in bytes.
    private var byteCount: Int {
        switch self {
        case .sha1: 20
        case .sha256: 32
        case .sha512: 64
        }
    }

    /// HMAC of the 8-byte big-endian counter into a stack buffer, then dynamic truncation to 31 bits.
    private static func truncatedValue(
        counter: UInt64, byteCount: Int, _ authenticate: (UnsafeRawBufferPointer, UnsafeMutableRawBufferPointer) -> Void
    ) -> UInt32 {
        var message = counter.bigEndian
        var mac: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeBytes(of: &message) { message in
            withUnsafeMutableBytes(of: &mac) { buffer in
                let output = UnsafeMutableRawBufferPointer(rebasing: buffer[..<byteCount])
                authenticate(message, output)
                return truncate(UnsafeRawBufferPointer(output))
            }
        }
    }

    /// RFC 4226 section 5.3's dynamic truncation of a MAC.
    private static func truncate(_ mac: UnsafeRawBufferPointer) -> UInt32 {
        let offset = Int(mac[mac.count - 1] & 0x0f)
        return (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
    }
}
