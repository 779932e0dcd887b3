import Foundation

/// The byte layout of `keyfile-v1` (`docs/spec/keyfile-v1.md`): building and strict parsing.
struct KeyFileLayout {
    static let magic: [UInt8] = Array("WCKF".utf8)
    static let version: UInt8 = 1
    static let scryptID: UInt8 = 1
    static let pbkdf2SM3ID: UInt8 = 2
    static let chaChaPolyID: UInt8 = 1
    static let sm4GCMID: UInt8 = 2
    static let saltRange = 11..<27
    static let nonceRange = 28..<40
    static let keyIDRange = 40..<56
    static let log2NRange = 10...22
    static let rRange = 1...32
    static let pRange = 1...16
    static let maximumPublicKeyLength = 1024
    static let maximumLabelLength = 1024

    let algorithm: KeyAlgorithm
    let purpose: KeyPurpose
    let kdf: KeyFileKDF
    let profile: AlgorithmProfile
    let keyID: [UInt8]
    let publicKeyDER: [UInt8]
    let label: String

    /// Checks every structural rule of the format; cryptographic checks come later.
    init(parsing bytes: [UInt8]) throws(CryptoError) {
        func fail(_ reason: String) -> CryptoError { CryptoError(.invalidEncoding, "key file: \(reason)") }
        guard bytes.count >= 60 else { throw fail("truncated header") }
        guard Array(bytes[0..<4]) == Self.magic else { throw fail("not a WalletCustody key file (bad magic)") }
        guard bytes[4] == Self.version else { throw fail("unsupported version \(bytes[4])") }
        guard let algorithm = KeyAlgorithm(fileID: bytes[5]) else { throw fail("unknown algorithm \(bytes[5])") }
        guard let purpose = KeyPurpose(fileID: bytes[6]) else { throw fail("unknown purpose \(bytes[6])") }
        guard algorithm.allowedPurposes.contains(purpose) else {
            throw fail("\(algorithm) keys cannot be for \(purpose)")
        }
        guard bytes[27] == Self.chaChaPolyID || bytes[27] == Self.sm4GCMID else {
            throw fail("unknown AEAD \(bytes[27])")
        }
        profile = AlgorithmProfile(id: bytes[27])
        switch (bytes[7], profile) {
        case (Self.scryptID, _):
            let (log2N, r, p) = (Int(bytes[8]), Int(bytes[9]), Int(bytes[10]))
            guard Self.log2NRange.contains(log2N), Self.rRange.contains(r), Self.pRange.contains(p) else {
                throw fail("scrypt parameters out of range")
            }
            guard let parameters = try? Scrypt.Parameters(n: 1 << log2N, r: r, p: p) else {
                throw fail("scrypt parameters violate RFC 7914 (N must be below 2^(16·r))")
            }
            kdf = .scrypt(parameters)
        case (Self.pbkdf2SM3ID, .shangMi):
            let iterations = Int(bytes[8]) << 16 | Int(bytes[9]) << 8 | Int(bytes[10])
            guard KeyFileKDF.pbkdf2IterationRange.contains(iterations) else {
                throw fail("PBKDF2 iterations out of range")
            }
            kdf = .pbkdf2HMACSM3(iterations: iterations)
        case (Self.pbkdf2SM3ID, _): throw fail("PBKDF2-HMAC-SM3 belongs to the ShangMi profile only")
        default: throw fail("unknown KDF \(bytes[7])")
        }
        let publicLength = Int(bytes[56]) << 8 | Int(bytes[57])
        guard (1...Self.maximumPublicKeyLength).contains(publicLength), bytes.count >= 60 + publicLength else {
            throw fail("bad public key length")
        }
        let labelStart = 60 + publicLength
        let labelLength = Int(bytes[58 + publicLength]) << 8 | Int(bytes[59 + publicLength])
        guard labelLength <= Self.maximumLabelLength else { throw fail("label too long") }
        let expected = labelStart + labelLength + algorithm.privateKeyByteCount + AEADAlgorithm.tagByteCount
        guard bytes.count == expected else {
            throw fail(bytes.count < expected ? "truncated" : "trailing bytes after the sealed key")
        }
        guard let label = String(validating: bytes[labelStart..<(labelStart + labelLength)], as: UTF8.self),
            Self.isAcceptableLabel(label)
        else { throw fail("the label is not UTF-8 without control characters") }
        self.algorithm = algorithm
        self.purpose = purpose
        keyID = Array(bytes[Self.keyIDRange])
        publicKeyDER = Array(bytes[58..<(58 + publicLength)])
        self.label = label
    }

    static func isAcceptableLabel(_ label: String) -> Bool {
        label.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7f }
    }

    /// Every byte before the sealed private key; it is also the AEAD's associated data.
    static func header(
        algorithm: KeyAlgorithm, purpose: KeyPurpose, profile: AlgorithmProfile, kdf: KeyFileKDF, salt: [UInt8],
        nonce: [UInt8], publicKeyDER: [UInt8], label: String
    ) throws(CryptoError) -> [UInt8] {
        let kdfBytes: [UInt8]
        switch kdf {
        case .scrypt(let parameters):
            let log2N = parameters.n.trailingZeroBitCount
            guard log2NRange.contains(log2N), rRange.contains(parameters.r), pRange.contains(parameters.p) else {
                throw CryptoError(
                    .invalidParameter, "key files take scrypt log2(N) 10...22, r 1...32, p 1...16, got \(parameters)")
            }
            kdfBytes = [scryptID, UInt8(log2N), UInt8(parameters.r), UInt8(parameters.p)]
        case .pbkdf2HMACSM3(let iterations):
            guard profile == .shangMi, KeyFileKDF.pbkdf2IterationRange.contains(iterations) else {
                throw CryptoError(
                    .invalidParameter,
                    "PBKDF2-HMAC-SM3 key files are ShangMi-profile only, with 10,000...10,000,000 iterations")
            }
            kdfBytes = [
                pbkdf2SM3ID, UInt8(iterations >> 16), UInt8((iterations >> 8) & 0xff), UInt8(iterations & 0xff),
            ]
        }
        let labelBytes = Array(label.utf8)
        guard labelBytes.count <= maximumLabelLength, isAcceptableLabel(label) else {
            throw CryptoError(
                .invalidParameter, "a key file label is at most 1024 UTF-8 bytes without control characters")
        }
        var header = magic + [version, algorithm.fileID, purpose.fileID] + kdfBytes + salt + [profile.id] + nonce
        header += KeyID(subjectPublicKeyInfo: publicKeyDER).bytes
        header += [UInt8(publicKeyDER.count >> 8), UInt8(publicKeyDER.count & 0xff)] + publicKeyDER
        header += [UInt8(labelBytes.count >> 8), UInt8(labelBytes.count & 0xff)] + labelBytes
        return header
    }

    /// The AEAD key from the passphrase: 32 bytes for ChaCha20-Poly1305, 16 for SM4-GCM.
    func wrappingKey(
        _ passphrase: some DataProtocol, header: [UInt8], memoryLimit: Int, maximumIterations: Int
    ) throws(CryptoError) -> SymmetricKey {
        let count = profile == .shangMi ? 16 : 32
        switch kdf {
        case .scrypt(let parameters):
            return try CryptoError.narrowing(.backendFailure) {
                try Scrypt.deriveKey(
                    password: passphrase, salt: header[Self.saltRange], parameters: parameters, outputByteCount: count,
                    memoryLimit: memoryLimit)
            }
        case .pbkdf2HMACSM3(let iterations):
            guard iterations <= maximumIterations else {
                throw CryptoError(
                    .limitExceeded,
                    "the key file asks for \(iterations) PBKDF2 iterations; the limit is \(maximumIterations)")
            }
            return try CryptoError.narrowing(.backendFailure) {
                try PBKDF2.deriveKey(
                    password: passphrase, salt: header[Self.saltRange], iterations: iterations, outputByteCount: count,
                    using: .hmacSM3)
            }
        }
    }
}
