import Foundation

/// The key schedule's output and the sequence number (RFC 9180 sections 5.1 and 5.2).
struct HPKEContext: Sendable {
    let suite: HPKE.Ciphersuite
    let key: SymmetricKey?
    let baseNonce: [UInt8]
    let exporterSecret: SecureBytes
    private(set) var sequenceNumber: UInt64 = 0

    /// KeySchedule(mode, shared_secret, info, psk, psk_id).
    init(
        suite: HPKE.Ciphersuite, mode: HPKE.Mode, sharedSecret: SecureBytes, info: [UInt8], psk: SecureBytes?,
        pskID: [UInt8], session: HKDFSession? = nil
    ) throws(CryptoError) {
        let hasPSK = psk.map { $0.count > 0 } ?? false
        guard hasPSK == !pskID.isEmpty else {
            throw CryptoError(.invalidParameter, "HPKE needs both a pre-shared key and its ID, or neither")
        }
        guard hasPSK == (mode == .psk || mode == .authPSK) else {
            throw CryptoError(.invalidParameter, "the HPKE mode and the pre-shared key do not match")
        }
        if let psk, hasPSK, psk.count < 32 {
            throw CryptoError(.invalidParameter, "an HPKE pre-shared key must have at least 32 bytes, got \(psk.count)")
        }
        // The KEM's HKDF context serves the key schedule too when both use the same hash.
        let labels = HPKELabels(suite: suite, session: session)
        let hashLength = suite.kdf.digest.byteCount
        // key_schedule_context = mode ‖ psk_id_hash ‖ info_hash, the hashes written in place.
        var context = [UInt8](repeating: mode.rawValue, count: 1 + 2 * hashLength)
        context.withUnsafeMutableBytes { context in
            pskID.withUnsafeBytes {
                labels.extract(label: "psk_id_hash", ikm: $0, into: .init(rebasing: context[1...hashLength]))
            }
            info.withUnsafeBytes {
                labels.extract(label: "info_hash", ikm: $0, into: .init(rebasing: context[(1 + hashLength)...]))
            }
        }
        // The shared secret is the salt; it is lent from SecureBytes, never copied into an array.
        let secret = sharedSecret.withUnsafeBytes { salt in
            (psk ?? Self.noPSK).withUnsafeBytes { labels.extract(salt: salt, label: "secret", ikm: $0) }
        }
        self.suite = suite
        if suite.aead == .exportOnly {
            key = nil
            baseNonce = []
        } else {
            key = SymmetricKey(labels.expand(prk: secret, label: "key", info: context, count: suite.aead.keyByteCount))
            baseNonce = [UInt8](unsafeUninitializedCapacity: suite.aead.nonceByteCount) { buffer, initialized in
                labels.expand(prk: secret, label: "base_nonce", info: context, into: .init(buffer))
                initialized = buffer.count
            }
        }
        exporterSecret = labels.expand(prk: secret, label: "exp", info: context, count: hashLength)
    }

    /// The empty pre-shared key of the modes without one.
    private static let noPSK = SecureBytes([UInt8]())

    /// base_nonce XOR I2OSP(seq, Nn).
    private func nonce() -> [UInt8] {
        var nonce = baseNonce
        for index in 0..<8 {
            nonce[nonce.count - 1 - index] ^= UInt8(truncatingIfNeeded: sequenceNumber >> (8 * UInt64(index)))
        }
        return nonce
    }

    /// Checks the AEAD and that another message fits in the sequence space.
    private func checkCanProcess() throws(CryptoError) -> SymmetricKey {
        guard let key else { throw CryptoError(.invalidParameter, "an export-only HPKE context cannot seal or open") }
        // RFC 9180 allows 2^96 - 1 messages; a UInt64 counter stops at 2^64 - 1, far beyond any use.
        guard sequenceNumber < UInt64.max else {
            throw CryptoError(.limitExceeded, "the HPKE context has used up its message sequence numbers")
        }
        return key
    }

    mutating func seal(_ plaintext: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer) throws -> Data {
        let key = try checkCanProcess()
        let sealed = try OutputBuffer.data(count: plaintext.count + AEADAlgorithm.tagByteCount) { output in
            try nonce().withUnsafeBytes { nonce in
                try AEADEngine.seal(algorithm, key: key, nonce: nonce, message: plaintext, aad: aad, output: output)
            }
        }
        sequenceNumber += 1
        return sealed
    }

    mutating func open(_ ciphertext: UnsafeRawBufferPointer, aad: UnsafeRawBufferPointer) throws -> Data {
        let key = try checkCanProcess()
        guard ciphertext.count >= AEADAlgorithm.tagByteCount else { throw CryptoError.authenticationFailure }
        let split = ciphertext.count - AEADAlgorithm.tagByteCount
        let plaintext = try OutputBuffer.data(count: split) { output in
            try nonce().withUnsafeBytes { nonce in
                try AEADEngine.open(
                    algorithm, key: key, nonce: nonce,
                    ciphertext: UnsafeRawBufferPointer(rebasing: ciphertext[..<split]),
                    tag: UnsafeRawBufferPointer(rebasing: ciphertext[split...]), aad: aad, output: output)
            }
        }
        sequenceNumber += 1
        return plaintext
    }

    /// The library's AEAD for this suite; the key size picks AES-128 or AES-256.
    private var algorithm: AEADAlgorithm { suite.aead == .chaChaPoly ? .chaChaPoly : .aesGCM }

    /// Export(exporter_context, L) = LabeledExpand(exporter_secret, "sec", exporter_context, L).
    func export(context: [UInt8], count: Int) throws(CryptoError) -> SymmetricKey {
        let maximum = 255 * suite.kdf.digest.byteCount
        guard count >= 1, count <= maximum else {
            throw CryptoError(.invalidParameter, "an HPKE export is 1...\(maximum) bytes, got \(count)")
        }
        let labels = HPKELabels(suite: suite)
        return SymmetricKey(labels.expand(prk: exporterSecret, label: "sec", info: context, count: count))
    }

    /// For tests of sequence-number exhaustion only.
    mutating func setSequenceNumberForTesting(_ value: UInt64) { sequenceNumber = value }
}
