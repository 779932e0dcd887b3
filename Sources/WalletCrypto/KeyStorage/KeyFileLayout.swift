import Foundation

/// The byte layout of `keyfile-v1` (`docs/spec/keyfile-v1.md`): building and strict parsing.
struct KeyFileLayout {
    static let magic: [UInt8] = Array("WCKF".utf8)
    static let version: UInt8 = 1
    static let scryptID: UInt8 = 1
    static let chaChaPolyID: UInt8 = 1
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
    let parameters: Scrypt.Parameters
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
        guard bytes[7] == Self.scryptID else { throw fail("unknown KDF \(bytes[7])") }
        let (log2N, r, p) = (Int(bytes[8]), Int(bytes[9]), Int(bytes[10]))
        guard Self.log2NRange.contains(log2N), Self.rRange.contains(r), Self.pRange.contains(p) else {
            throw fail("scrypt parameters out of range")
        }
        guard bytes[27] == Self.chaChaPolyID else { throw fail("unknown AEAD \(bytes[27])") }
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
        guard let parameters = try? Scrypt.Parameters(n: 1 << log2N, r: r, p: p) else {
            throw fail("scrypt parameters violate RFC 7914 (N must be below 2^(16·r))")
        }
        self.parameters = parameters
        keyID = Array(bytes[Self.keyIDRange])
        publicKeyDER = Array(bytes[58..<(58 + publicLength)])
        self.label = label
    }

    static func isAcceptableLabel(_ label: String) -> Bool {
        label.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7f }
    }

    /// Every byte before the sealed private key; it is also the AEAD's associated data.
    static func header(
        algorithm: KeyAlgorithm, purpose: KeyPurpose, parameters: Scrypt.Parameters, salt: [UInt8], nonce: [UInt8],
        publicKeyDER: [UInt8], label: String
    ) throws(CryptoError) -> [UInt8] {
        let log2N = parameters.n.trailingZeroBitCount
        guard log2NRange.contains(log2N), rRange.contains(parameters.r), pRange.contains(parameters.p) else {
            throw CryptoError(
                .invalidParameter, "key files take scrypt log2(N) 10...22, r 1...32, p 1...16, got \(parameters)")
        }
        let labelBytes = Array(label.utf8)
        guard labelBytes.count <= maximumLabelLength, isAcceptableLabel(label) else {
            throw CryptoError(
                .invalidParameter, "a key file label is at most 1024 UTF-8 bytes without control characters")
        }
        var header = magic + [version, algorithm.fileID, purpose.fileID, scryptID]
        header += [UInt8(log2N), UInt8(parameters.r), UInt8(parameters.p)] + salt + [chaChaPolyID] + nonce
        header += KeyID(subjectPublicKeyInfo: publicKeyDER).bytes
        header += [UInt8(publicKeyDER.count >> 8), UInt8(publicKeyDER.count & 0xff)] + publicKeyDER
        header += [UInt8(labelBytes.count >> 8), UInt8(labelBytes.count & 0xff)] + labelBytes
        return header
    }

    /// scrypt(passphrase, salt, N, r, p) → 32-byte ChaCha20-Poly1305 key.
    static func wrappingKey(_ passphrase: some DataProtocol, header: [UInt8], memoryLimit: Int) throws
        -> SymmetricKey
    {
        let log2N = Int(header[8])
        let parameters = try Scrypt.Parameters(n: 1 << log2N, r: Int(header[9]), p: Int(header[10]))
        return try Scrypt.deriveKey(
            password: passphrase, salt: header[saltRange], parameters: parameters, outputByteCount: 32,
            memoryLimit: memoryLimit)
    }
}
