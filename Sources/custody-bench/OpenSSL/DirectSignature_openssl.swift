import COpenSSL

/// Signing and verifying the fastest ways OpenSSL 3.0 allows for each algorithm, as `openssl speed`
/// does: the key parsed once; Ed25519 with one `EVP_MD_CTX` initialised once and reused for every
/// one-shot `EVP_DigestSign`; ECDSA hashing with a reused `EVP_MD_CTX` and signing with one
/// `EVP_PKEY_CTX` after a single `EVP_PKEY_sign_init`; SM2 with `EVP_DigestSign` on a new context
/// per message (its context absorbs Z and the message, so it cannot be reused), the ID set after init.
final class DirectSignature {
    enum Kind {
        case ed25519
        case ecdsa(digest: String)
        case sm2
    }

    private let key: OpaquePointer
    private let kind: Kind
    private let signature = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private var signatureLength = 0
    private var signContext: OpaquePointer?
    private var verifyContext: OpaquePointer?
    private var hashContext: OpaquePointer?
    private var digest: OpaquePointer?
    private let hash = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
    private var hashLength: UInt32 = 0
    private let sm2ID = Array("1234567812345678".utf8)

    /// Parses `pem` (PKCS#8) once.
    init(pem: String, kind: Kind) throws {
        let bytes = Array(pem.utf8)
        guard let bio = BIO_new_mem_buf(bytes, Int32(bytes.count)) else { fatalError("BIO_new_mem_buf failed") }
        defer { BIO_free(bio) }
        guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else { throw BenchError("PEM_read_bio_PrivateKey") }
        self.key = key
        self.kind = kind
        switch kind {
        case .ed25519:
            signContext = EVP_MD_CTX_new()
            verifyContext = EVP_MD_CTX_new()
            try BenchError.check(EVP_DigestSignInit(signContext, nil, nil, nil, key), "EVP_DigestSignInit")
            try BenchError.check(EVP_DigestVerifyInit(verifyContext, nil, nil, nil, key), "EVP_DigestVerifyInit")
        case .ecdsa(let name):
            digest = EVP_MD_fetch(nil, name, nil)
            hashContext = EVP_MD_CTX_new()
            signContext = EVP_PKEY_CTX_new_from_pkey(nil, key, nil)
            verifyContext = EVP_PKEY_CTX_new_from_pkey(nil, key, nil)
            try BenchError.check(EVP_PKEY_sign_init(signContext), "EVP_PKEY_sign_init")
            try BenchError.check(EVP_PKEY_verify_init(verifyContext), "EVP_PKEY_verify_init")
        case .sm2:
            digest = EVP_MD_fetch(nil, "SM3", nil)
        }
    }

    deinit {
        switch kind {
        case .ed25519:
            EVP_MD_CTX_free(signContext)
            EVP_MD_CTX_free(verifyContext)
        case .ecdsa:
            EVP_PKEY_CTX_free(signContext)
            EVP_PKEY_CTX_free(verifyContext)
            EVP_MD_CTX_free(hashContext)
            EVP_MD_free(digest)
        case .sm2:
            EVP_MD_free(digest)
        }
        EVP_PKEY_free(key)
        signature.deallocate()
        hash.deallocate()
    }

    /// The last signature: raw for Ed25519, DER otherwise.
    var lastSignature: [UInt8] { Array(UnsafeBufferPointer(start: signature, count: signatureLength)) }

    /// Signs `message` into the reused buffer and returns one byte of the signature.
    func sign(_ message: [UInt8]) throws -> UInt8 {
        var length = 256
        switch kind {
        case .ed25519:
            try BenchError.check(
                EVP_DigestSign(signContext, signature, &length, message, message.count), "EVP_DigestSign")
        case .ecdsa:
            try digestMessage(message)
            try BenchError.check(EVP_PKEY_sign(signContext, signature, &length, hash, Int(hashLength)), "EVP_PKEY_sign")
        case .sm2:
            try withSM2Context(sign: true) { context in
                try BenchError.check(
                    EVP_DigestSign(context, signature, &length, message, message.count), "EVP_DigestSign")
            }
        }
        signatureLength = length
        return signature[length - 1]
    }

    /// Verifies `bytes` (raw for Ed25519, DER otherwise) over `message`.
    func verify(_ bytes: [UInt8], _ message: [UInt8]) throws -> Bool {
        switch kind {
        case .ed25519:
            return EVP_DigestVerify(verifyContext, bytes, bytes.count, message, message.count) == 1
        case .ecdsa:
            try digestMessage(message)
            return EVP_PKEY_verify(verifyContext, bytes, bytes.count, hash, Int(hashLength)) == 1
        case .sm2:
            var valid = false
            try withSM2Context(sign: false) { context in
                valid = EVP_DigestVerify(context, bytes, bytes.count, message, message.count) == 1
            }
            return valid
        }
    }

    private func digestMessage(_ message: [UInt8]) throws {
        try BenchError.check(EVP_DigestInit_ex2(hashContext, digest, nil), "EVP_DigestInit_ex2")
        try BenchError.check(EVP_DigestUpdate(hashContext, message, message.count), "EVP_DigestUpdate")
        try BenchError.check(EVP_DigestFinal_ex(hashContext, hash, &hashLength), "EVP_DigestFinal_ex")
    }

    private func withSM2Context(sign: Bool, _ body: (OpaquePointer) throws -> Void) throws {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        let initialised =
            sign
            ? EVP_DigestSignInit(context, &keyContext, digest, nil, key)
            : EVP_DigestVerifyInit(context, &keyContext, digest, nil, key)
        try BenchError.check(initialised, "EVP_DigestSignInit")
        try BenchError.check(EVP_PKEY_CTX_set1_id(keyContext, sm2ID, Int32(sm2ID.count)), "EVP_PKEY_CTX_set1_id")
        try body(context)
    }
}
