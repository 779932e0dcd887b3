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

    /// One code's truncated value on the key's cached context.
    func truncatedValue(counter: UInt64) -> UInt32 {
        var message = counter.bigEndian
        let code = withUnsafeBytes(of: &message) { counter in
            switch self {
            case .sha1(let key): key.authenticationCode(bufferPointer: counter)
            case .sha256(let key): key.authenticationCode(bufferPointer: counter)
            case .sha512(let key): key.authenticationCode(bufferPointer: counter)
            }
        }
        return Self.truncate(code)
    }

    /// RFC 4226 section 5.3: HMAC of the 8-byte big-endian counter, then dynamic truncation to 31 bits.
    static func truncatedValue(_ session: borrowing HMACSession, counter: UInt64) -> UInt32 {
        var message = counter.bigEndian
        return truncate(withUnsafeBytes(of: &message) { session.authenticationCode(bufferPointer: $0) })
    }

    private static func truncate(_ code: AuthenticationCode) -> UInt32 {
        code.withUnsafeBytes { mac in
            let offset = Int(mac[mac.count - 1] & 0x0f)
            return (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
                | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        }
    }
}
