internal import COpenSSL

extension PKey {
    /// Signs `message`: Ed25519 (raw 64 bytes), or ECDSA/SM2 over the algorithm's digest (DER).
    /// `sm2ID` is the SM2 distinguishing ID, set after init as OpenSSL 3.0 requires.
    func sign(message: UnsafeRawBufferPointer, sm2ID: UnsafeRawBufferPointer?) throws(CryptoError) -> [UInt8] {
        if algorithm.id != .sm2, let digest = algorithm.signatureDigest {
            // ECDSA signs H(m): our cached digest context, then the key's cached EVP_PKEY_CTX.
            let hash = digest.backend.hash(message).value
            let result = hash.withUnsafeBytes { bytes in Result { () throws(CryptoError) in try sign(digest: bytes) } }
            return try result.get()
        }
        return try withDigestContext(sign: true, sm2ID: sm2ID) { (context) throws(CryptoError) in
            try twoCall { EVP_DigestSign(context, $0, &$1, bytes(message), message.count) }
        }
    }

    /// Verifies a signature made by `sign(message:sm2ID:)`; any failure is `false`.
    func verify(signature: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, sm2ID: UnsafeRawBufferPointer?)
        -> Bool
    {
        if algorithm.id != .sm2, let digest = algorithm.signatureDigest {
            return digest.backend.hash(message).value.withUnsafeBytes { verify(signature: signature, digest: $0) }
        }
        let result = try? withDigestContext(sign: false, sm2ID: sm2ID) { (context) throws(CryptoError) in
            EVP_DigestVerify(context, bytes(signature), signature.count, bytes(message), message.count) == 1
        }
        OpenSSLErrors.clear()
        return result ?? false
    }

    /// Signs a precomputed digest (ECDSA, SM2's e = SM3(Z ‖ M)) and returns DER.
    func sign(digest: UnsafeRawBufferPointer) throws(CryptoError) -> [UInt8] {
        try withKeyContext(sign: true) { (context) throws(CryptoError) in
            try twoCall { EVP_PKEY_sign(context, $0, &$1, bytes(digest), digest.count) }
        }
    }

    /// Verifies a DER signature over a precomputed digest; any failure is `false`.
    func verify(signature: UnsafeRawBufferPointer, digest: UnsafeRawBufferPointer) -> Bool {
        let result = try? withKeyContext(sign: false) { (context) throws(CryptoError) in
            EVP_PKEY_verify(context, bytes(signature), signature.count, bytes(digest), digest.count) == 1
        }
        OpenSSLErrors.clear()
        return result ?? false
    }

    /// X25519 or ECDH with `peer`, whose public key was validated when it was imported, so the
    /// derive skips OpenSSL's per-call validation (which halves P-256 ECDH throughput).
    func sharedSecret(with peer: PKey) throws(CryptoError) -> SecureBytes {
        OpenSSLErrors.clear()
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, pointer, nil) else {
            fatalError("EVP_PKEY_CTX_new_from_pkey: out of memory")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var length = 0
        guard EVP_PKEY_derive_init(context) == 1, EVP_PKEY_derive_set_peer_ex(context, peer.pointer, 0) == 1,
            EVP_PKEY_derive(context, nil, &length) == 1
        else { throw CryptoError.backend("\(algorithm) key agreement failed") }
        var ok = false
        let secret = SecureBytes(unsafeUninitializedCount: length) { buffer in
            var written = length
            ok =
                EVP_PKEY_derive(context, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), &written) == 1
                && written == length
        }
        guard ok else {
            // X25519 refuses an all-zero result, which a low-order peer point produces.
            OpenSSLErrors.clear()
            throw CryptoError(.invalidParameter, "\(algorithm) key agreement produced no valid shared secret")
        }
        return secret
    }

    /// OpenSSL's sign pattern: ask for the maximum length, then sign into a buffer of that size.
    private func twoCall(_ sign: (UnsafeMutablePointer<UInt8>?, inout Int) -> Int32) throws(CryptoError) -> [UInt8] {
        var length = 0
        guard sign(nil, &length) == 1 else { throw CryptoError.backend("\(algorithm) signing failed") }
        var signature = [UInt8](repeating: 0, count: length)
        guard signature.withUnsafeMutableBufferPointer({ sign($0.baseAddress, &length) }) == 1 else {
            throw CryptoError.backend("\(algorithm) signing failed")
        }
        return Array(signature.prefix(length))
    }

    private func bytes(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8>? {
        buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
    }

    private func withDigestContext<R>(
        sign: Bool, sm2ID: UnsafeRawBufferPointer?, _ body: (OpaquePointer) throws(CryptoError) -> R
    ) throws(CryptoError) -> R {
        // Ed25519's one-shot EVP_DigestSign leaves its context reusable; SM2's absorbs Z and the
        // message, so it gets a fresh context each call.
        let reusable = algorithm.id == .ed25519
        let tag: UInt = sign ? 1 : 2
        if reusable, let cached = digestContexts.take(tag: tag) {
            return try digestContexts.using(cached, tag: tag, body)
        }
        OpenSSLErrors.clear()
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        var keep = false
        defer { if keep { digestContexts.put(context, tag: tag) } else { EVP_MD_CTX_free(context) } }
        var keyContext: OpaquePointer?
        // The already fetched EVP_MD: passing a name would fetch it again on every call.
        let digest = algorithm.signatureDigest?.backend.digest.pointer
        let initialised =
            sign
            ? EVP_DigestSignInit(context, &keyContext, digest, nil, pointer)
            : EVP_DigestVerifyInit(context, &keyContext, digest, nil, pointer)
        guard initialised == 1 else {
            throw CryptoError.backend("\(algorithm) \(sign ? "sign" : "verify") init failed")
        }
        if let sm2ID {
            guard let keyContext, EVP_PKEY_CTX_set1_id(keyContext, sm2ID.baseAddress, Int32(sm2ID.count)) == 1 else {
                throw CryptoError.backend("setting the SM2 distinguishing ID failed")
            }
        }
        let result = try body(context)
        keep = reusable
        return result
    }

    /// Runs `body` on this key's cached, initialised `EVP_PKEY_CTX` for signing or verifying.
    private func withKeyContext<R>(sign: Bool, _ body: (OpaquePointer) throws(CryptoError) -> R) throws(CryptoError)
        -> R
    {
        try withPreparedContext(
            tag: sign ? 1 : 2, what: "\(algorithm) \(sign ? "sign" : "verify") init",
            initialise: { sign ? EVP_PKEY_sign_init($0) : EVP_PKEY_verify_init($0) }, body)
    }

    /// Runs `body` on this key's cached `EVP_PKEY_CTX` prepared by `initialise` for the operation
    /// `tag` names (1 sign, 2 verify, 3 encrypt, 4 decrypt), or on a new one.
    func withPreparedContext<R>(
        tag: UInt, what: String, initialise: (OpaquePointer) -> Int32, _ body: (OpaquePointer) throws(CryptoError) -> R
    ) throws(CryptoError) -> R {
        let context: OpaquePointer
        if let cached = keyContexts.take(tag: tag) {
            context = cached
        } else {
            OpenSSLErrors.clear()
            guard let fresh = EVP_PKEY_CTX_new_from_pkey(nil, pointer, nil) else {
                fatalError("EVP_PKEY_CTX_new_from_pkey: out of memory")
            }
            guard initialise(fresh) == 1 else {
                EVP_PKEY_CTX_free(fresh)
                throw CryptoError.backend("\(what) failed")
            }
            context = fresh
        }
        return try keyContexts.using(context, tag: tag, body)
    }
}
