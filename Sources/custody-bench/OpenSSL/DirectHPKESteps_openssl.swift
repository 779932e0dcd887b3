import COpenSSL

/// The OpenSSL steps one single-shot HPKE operation (base mode, DHKEM(X25519, HKDF-SHA256),
/// HKDF-SHA256, AES-256-GCM) is made of, each done the fastest way: an X25519 key generated with a
/// kept `EVP_PKEY_CTX`, one X25519 derive, eight keyed HMAC-SHA256 computations (RFC 9180: two in
/// the KEM, six in the key schedule) on a kept `EVP_MAC_CTX`, and one AES-256-GCM seal or open of
/// the message on a kept context keyed again with the operation's fresh key. The sum is what a
/// perfect composition would cost.
final class DirectHPKESteps {
    private let keygenContext: OpaquePointer
    private let recipient: OpaquePointer
    private let recipientPublic: [UInt8]
    private let hmac: DirectHMAC
    private let aead: DirectAEAD
    private let secret = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
    private let macInput = [UInt8](repeating: 7, count: 64)
    private let aeadKey = [UInt8](repeating: 2, count: 32)

    init(messageByteCount: Int) throws {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "X25519", nil) else { throw BenchError("no X25519") }
        keygenContext = context
        try BenchError.check(EVP_PKEY_keygen_init(context), "EVP_PKEY_keygen_init")
        var key: OpaquePointer?
        try BenchError.check(EVP_PKEY_generate(context, &key), "EVP_PKEY_generate")
        recipient = key!
        var raw = [UInt8](repeating: 0, count: 32)
        var length = 32
        try BenchError.check(EVP_PKEY_get_raw_public_key(recipient, &raw, &length), "raw public key")
        recipientPublic = raw
        hmac = try DirectHMAC(digest: "SHA2-256", key: [UInt8](repeating: 1, count: 32))
        aead = try DirectAEAD(
            "AES-256-GCM", key: [UInt8](repeating: 2, count: 32), nonce: [UInt8](repeating: 3, count: 12),
            capacity: messageByteCount)
    }

    deinit {
        EVP_PKEY_free(recipient)
        EVP_PKEY_CTX_free(keygenContext)
        secret.deallocate()
    }

    /// Sender: new ephemeral key, DH with the recipient, 8 HMACs, one seal.
    func seal(_ message: [UInt8]) throws -> UInt8 {
        var ephemeral: OpaquePointer?
        try BenchError.check(EVP_PKEY_generate(keygenContext, &ephemeral), "EVP_PKEY_generate")
        defer { EVP_PKEY_free(ephemeral) }
        try derive(ephemeral!, recipient)
        try hmacs()
        try aead.rekey(aeadKey)
        return try message.withUnsafeBytes { try aead.seal($0) }
    }

    /// Recipient: parse the encapsulated key, DH, 8 HMACs, one open.
    func open(_ box: [UInt8]) throws -> UInt8 {
        guard let ephemeral = EVP_PKEY_new_raw_public_key_ex(nil, "X25519", nil, recipientPublic, 32) else {
            throw BenchError("EVP_PKEY_new_raw_public_key_ex")
        }
        defer { EVP_PKEY_free(ephemeral) }
        try derive(recipient, ephemeral)
        try hmacs()
        try aead.rekey(aeadKey)
        return try box.withUnsafeBytes { try aead.open($0) }
    }

    /// A sealed box of `message` in the layout `open` takes.
    func box(_ message: [UInt8]) throws -> [UInt8] {
        _ = try message.withUnsafeBytes { try aead.seal($0) }
        return aead.sealedBox(messageByteCount: message.count)
    }

    private func derive(_ own: OpaquePointer, _ peer: OpaquePointer) throws {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, own, nil) else { fatalError("out of memory") }
        defer { EVP_PKEY_CTX_free(context) }
        var length = 32
        try BenchError.check(EVP_PKEY_derive_init(context), "EVP_PKEY_derive_init")
        try BenchError.check(EVP_PKEY_derive_set_peer_ex(context, peer, 0), "EVP_PKEY_derive_set_peer_ex")
        try BenchError.check(EVP_PKEY_derive(context, secret, &length), "EVP_PKEY_derive")
    }

    private func hmacs() throws {
        for _ in 0..<8 { _ = try macInput.withUnsafeBytes { try hmac.authenticateRekeyed($0) } }
    }
}
