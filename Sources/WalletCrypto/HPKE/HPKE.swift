/// Hybrid Public Key Encryption (RFC 9180), composed from OpenSSL's X25519/ECDH, HKDF and AEADs
/// exactly as the RFC specifies, since OpenSSL 3.0 has none.
///
/// Security contract: a sender context encrypts any number of messages to the holder of one
/// private key; each message is authenticated and in order (sequence-numbered nonces). Base mode
/// does not authenticate the sender; auth modes prove possession of the sender's private key, and
/// psk modes bind a pre-shared key. Neither side's long-term key compromise reveals past messages
/// of base mode only if ephemeral keys are fresh, which the library guarantees.
public enum HPKE {
    /// A key encapsulation mechanism (RFC 9180 section 7.1).
    public enum KEM: UInt16, Sendable, Hashable, CaseIterable {
        /// DHKEM(P-256, HKDF-SHA256), 0x0010.
        case P256_HKDF_SHA256 = 0x0010
        /// DHKEM(X25519, HKDF-SHA256), 0x0020.
        case Curve25519_HKDF_SHA256 = 0x0020

        var algorithm: KeyAlgorithm { self == .P256_HKDF_SHA256 ? .p256 : .x25519 }
        /// Nsecret, Nenc (= Npk) and Nsk.
        var sharedSecretByteCount: Int { 32 }
        var encapsulatedKeyByteCount: Int { self == .P256_HKDF_SHA256 ? 65 : 32 }
        var privateKeyByteCount: Int { 32 }
    }

    /// A key derivation function (RFC 9180 section 7.2).
    public enum KDF: UInt16, Sendable, Hashable, CaseIterable {
        /// HKDF-SHA256, 0x0001.
        case HKDF_SHA256 = 0x0001
        /// HKDF-SHA384, 0x0002.
        case HKDF_SHA384 = 0x0002
        /// HKDF-SHA512, 0x0003.
        case HKDF_SHA512 = 0x0003

        var digest: DigestAlgorithm {
            switch self {
            case .HKDF_SHA256: .sha256
            case .HKDF_SHA384: .sha384
            case .HKDF_SHA512: .sha512
            }
        }
    }

    /// An AEAD (RFC 9180 section 7.3).
    public enum AEAD: UInt16, Sendable, Hashable, CaseIterable {
        /// AES-128-GCM, 0x0001.
        case AES_GCM_128 = 0x0001
        /// AES-256-GCM, 0x0002.
        case AES_GCM_256 = 0x0002
        /// ChaCha20-Poly1305, 0x0003.
        case chaChaPoly = 0x0003
        /// Export-only, 0xFFFF: the context derives secrets and cannot seal or open.
        case exportOnly = 0xFFFF

        /// Nk.
        var keyByteCount: Int {
            switch self {
            case .AES_GCM_128: 16
            case .AES_GCM_256, .chaChaPoly: 32
            case .exportOnly: 0
            }
        }
        /// Nn.
        var nonceByteCount: Int { self == .exportOnly ? 0 : 12 }
    }

    /// A mode (RFC 9180 section 5).
    enum Mode: UInt8 {
        case base = 0
        case psk = 1
        case auth = 2
        case authPSK = 3
    }

    /// A KEM, KDF and AEAD together.
    ///
    /// Security contract: every combination is a valid RFC 9180 suite; the suite is bound into every
    /// derived key, so the two sides must agree on it out of band.
    public struct Ciphersuite: Sendable, Hashable {
        /// The KEM.
        public let kem: KEM
        /// The KDF.
        public let kdf: KDF
        /// The AEAD.
        public let aead: AEAD

        /// Names a suite.
        public init(kem: KEM, kdf: KDF, aead: AEAD) {
            self.kem = kem
            self.kdf = kdf
            self.aead = aead
        }

        /// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305.
        public static let Curve25519_SHA256_ChachaPoly = Ciphersuite(
            kem: .Curve25519_HKDF_SHA256, kdf: .HKDF_SHA256, aead: .chaChaPoly)
        /// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM.
        public static let Curve25519_SHA256_AES_GCM_256 = Ciphersuite(
            kem: .Curve25519_HKDF_SHA256, kdf: .HKDF_SHA256, aead: .AES_GCM_256)
        /// DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-256-GCM (CryptoKit's P-256 suite).
        public static let P256_SHA256_AES_GCM_256 = Ciphersuite(
            kem: .P256_HKDF_SHA256, kdf: .HKDF_SHA256, aead: .AES_GCM_256)
        /// DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM.
        public static let P256_SHA256_AES_GCM_128 = Ciphersuite(
            kem: .P256_HKDF_SHA256, kdf: .HKDF_SHA256, aead: .AES_GCM_128)
    }
}
