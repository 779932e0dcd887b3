import Foundation

/// Passphrase-encrypted PKCS#8 with the national algorithms, as GmSSL writes SM2 keys:
/// `EncryptedPrivateKeyInfo` with PBES2 (RFC 8018), PBKDF2-HMAC-SM3 deriving a 16-byte key, and
/// SM4-CBC with PKCS#7 padding and a 16-byte IV.
///
/// OpenSSL 3.0 has no PBKDF2 PRF OID for HMAC-SM3 ("unsupported prf"), so the ASN.1 is read and
/// written here and the cryptography is the library's OpenSSL-backed `PBKDF2` and `SM4.InsecureCBC`.
/// Read: `prf` AlgorithmIdentifier with or without NULL parameters and an optional `keyLength` of
/// 16 (GmSSL 2 and 3 differ); written: GmSSL 3's form (no NULL, no keyLength).
enum ShangMiPKCS8 {
    static let pbes2: [UInt8] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d]
    static let pbkdf2: [UInt8] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c]
    /// 1.2.156.10197.1.401.2
    static let hmacSM3: [UInt8] = [0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x11, 0x02]
    /// 1.2.156.10197.1.104.2
    static let sm4CBC: [UInt8] = [0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x68, 0x02]

    struct Parameters {
        let salt: [UInt8]
        let iterations: Int
        let iv: [UInt8]
        let encrypted: [UInt8]
    }

    /// Whether `der` is PBES2 with PBKDF2-HMAC-SM3: decides which reader handles an encrypted key.
    static func isShangMi(_ der: [UInt8]) -> Bool {
        (try? parse(der)) != nil
    }

    /// The parameters of a strict DER `EncryptedPrivateKeyInfo` of this profile.
    static func parse(_ der: [UInt8]) throws(CryptoError) -> Parameters {
        var outer = DERReader(der)
        var info = DERReader(Array(try outer.read(tag: 0x30)))
        guard outer.isAtEnd else { throw DER.malformed("trailing bytes after the encrypted PKCS#8 key") }
        var algorithm = DERReader(Array(try info.read(tag: 0x30)))
        let encrypted = Array(try info.read(tag: 0x04))
        try expect(info.isAtEnd, "extra fields in EncryptedPrivateKeyInfo")
        try expect(Array(try algorithm.read(tag: 0x06)) == pbes2, "not PBES2")
        var pbes2Parameters = DERReader(Array(try algorithm.read(tag: 0x30)))
        try expect(algorithm.isAtEnd, "extra fields after the PBES2 parameters")

        var kdf = DERReader(Array(try pbes2Parameters.read(tag: 0x30)))
        try expect(Array(try kdf.read(tag: 0x06)) == pbkdf2, "not PBKDF2")
        var kdfParameters = DERReader(Array(try kdf.read(tag: 0x30)))
        try expect(kdf.isAtEnd, "extra fields after the PBKDF2 parameters")
        let salt = Array(try kdfParameters.read(tag: 0x04))
        let iterations = Int(fromBigEndian: try kdfParameters.readUnsignedInteger(byteCount: 4))
        if kdfParameters.nextTag == 0x02 {
            let keyLength = try kdfParameters.readUnsignedInteger(byteCount: 4)
            try expect(Int(fromBigEndian: keyLength) == 16, "PBKDF2 keyLength other than 16")
        }
        var prf = DERReader(Array(try kdfParameters.read(tag: 0x30)))
        try expect(kdfParameters.isAtEnd, "extra fields in the PBKDF2 parameters")
        try expect(Array(try prf.read(tag: 0x06)) == hmacSM3, "PBKDF2 PRF is not HMAC-SM3")
        if prf.nextTag == 0x05 { try expect(try prf.read(tag: 0x05).isEmpty, "NULL with contents") }
        try expect(prf.isAtEnd, "extra fields in the PRF identifier")

        var cipher = DERReader(Array(try pbes2Parameters.read(tag: 0x30)))
        try expect(pbes2Parameters.isAtEnd, "extra fields in the PBES2 parameters")
        try expect(Array(try cipher.read(tag: 0x06)) == sm4CBC, "encryption scheme is not SM4-CBC")
        let iv = Array(try cipher.read(tag: 0x04))
        try expect(cipher.isAtEnd, "extra fields in the SM4-CBC parameters")
        try expect(!salt.isEmpty && salt.count <= 64, "salt of \(salt.count) bytes")
        try expect(iv.count == 16, "SM4-CBC IV of \(iv.count) bytes")
        try expect(!encrypted.isEmpty && encrypted.count % 16 == 0, "encrypted data not whole SM4 blocks")
        return Parameters(salt: salt, iterations: iterations, iv: iv, encrypted: encrypted)
    }

    private static func expect(_ condition: Bool, _ what: String) throws(CryptoError) {
        guard condition else { throw CryptoError(.invalidEncoding, "not a PBKDF2-HMAC-SM3/SM4-CBC key: \(what)") }
    }

    /// The private key in `der`, which must be of this profile. Refuses more than
    /// `maximumIterations` before any work; a wrong passphrase (bad padding, or padding that
    /// happens to fit but no PKCS#8 inside) is the generic authentication failure.
    static func openKey(
        _ der: [UInt8], passphrase: UnsafeRawBufferPointer, maximumIterations: Int, algorithm: KeyAlgorithm
    ) throws(CryptoError) -> PKey {
        let parameters = try parse(der)
        guard parameters.iterations >= 1, parameters.iterations <= maximumIterations else {
            throw CryptoError(
                .limitExceeded,
                "the encrypted PKCS#8 key asks for \(parameters.iterations) PBKDF2 iterations; the limit is \(maximumIterations)"
            )
        }
        let key = try CryptoError.narrowing(.backendFailure) {
            try PBKDF2.deriveKey(
                password: passphrase, salt: parameters.salt, iterations: parameters.iterations, outputByteCount: 16,
                using: .hmacSM3)
        }
        var plain = try SM4BlockModes.cbc(encrypt: false, parameters.encrypted, key: key, iv: parameters.iv)
        defer { plain.withUnsafeMutableBytes { SecureMemory.cleanse($0.baseAddress!, count: $0.count) } }
        do {
            return try plain.withBytes { (bytes) throws(CryptoError) in try PKey.privateKey(der: bytes, algorithm) }
        } catch {
            // A wrong passphrase yields valid padding about once in 256 tries; the DER inside then
            // fails to parse. Say nothing more than for bad padding.
            throw CryptoError.authenticationFailure
        }
    }

    /// `EncryptedPrivateKeyInfo` DER of `key` under `passphrase`, with a fresh random 16-byte salt
    /// and IV, in GmSSL 3's form.
    static func seal(_ key: PKey, passphrase: UnsafeRawBufferPointer, iterations: Int) throws(CryptoError) -> [UInt8] {
        let salt = SecureRandom.bytes(count: 16)
        let iv = SecureRandom.bytes(count: 16)
        let sm4Key = try CryptoError.narrowing(.backendFailure) {
            try PBKDF2.deriveKey(
                password: passphrase, salt: salt, iterations: iterations, outputByteCount: 16, using: .hmacSM3)
        }
        var plain = key.privateKeyDER().withUnsafeBytes { Array($0) }
        defer { plain.withUnsafeMutableBytes { SecureMemory.cleanse($0.baseAddress!, count: $0.count) } }
        let encrypted = try SM4BlockModes.cbc(encrypt: true, plain, key: sm4Key, iv: iv)
        let count = withUnsafeBytes(of: UInt64(iterations).bigEndian) { Array($0) }
        let prf = DER.encode(tag: 0x30, DER.encode(tag: 0x06, hmacSM3))
        let kdfParameters = DER.encode(tag: 0x30, DER.encode(tag: 0x04, salt) + DER.unsignedInteger(count) + prf)
        let kdf = DER.encode(tag: 0x30, DER.encode(tag: 0x06, pbkdf2) + kdfParameters)
        let cipher = DER.encode(tag: 0x30, DER.encode(tag: 0x06, sm4CBC) + DER.encode(tag: 0x04, iv))
        let algorithm = DER.encode(tag: 0x30, DER.encode(tag: 0x06, pbes2) + DER.encode(tag: 0x30, kdf + cipher))
        return DER.encode(tag: 0x30, algorithm + DER.encode(tag: 0x04, encrypted))
    }
}

extension Int {
    /// The value of a big-endian unsigned integer of at most 8 bytes.
    init(fromBigEndian bytes: [UInt8]) {
        self = bytes.reduce(0) { $0 << 8 | Int($1) }
    }
}
