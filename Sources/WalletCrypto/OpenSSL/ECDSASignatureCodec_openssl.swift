internal import COpenSSL

/// Conversions between DER `ECDSA-Sig-Value` and raw r ‖ s, and secp256k1's low-S rule.
enum ECDSASignatureCodec {
    /// r ‖ s, each left-padded to `fieldByteCount`, from strict DER: the input must re-encode to
    /// itself, which rejects BER forms, extra leading zeros and trailing bytes.
    /// `trusted` skips the re-encoding check for DER that OpenSSL itself just produced.
    static func raw(fromDER der: UnsafeRawBufferPointer, fieldByteCount: Int, trusted: Bool = false) throws(CryptoError)
        -> [UInt8]
    {
        var cursor = der.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard !der.isEmpty, der.count < 1024, let signature = d2i_ECDSA_SIG(nil, &cursor, der.count) else {
            OpenSSLErrors.clear()
            throw CryptoError(.invalidEncoding, "not a DER ECDSA signature")
        }
        defer { ECDSA_SIG_free(signature) }
        guard trusted || reencode(signature).elementsEqual(der) else {
            throw CryptoError(.invalidEncoding, "the ECDSA signature is not in canonical DER")
        }
        var output = [UInt8](repeating: 0, count: 2 * fieldByteCount)
        let ok = output.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            return BN_bn2binpad(ECDSA_SIG_get0_r(signature), base, Int32(fieldByteCount)) == fieldByteCount
                && BN_bn2binpad(ECDSA_SIG_get0_s(signature), base + fieldByteCount, Int32(fieldByteCount))
                    == fieldByteCount
        }
        guard ok else { throw CryptoError(.invalidEncoding, "an ECDSA signature component is too large") }
        return output
    }

    /// DER from r ‖ s of exactly 2 · `fieldByteCount` bytes.
    static func der(fromRaw raw: UnsafeRawBufferPointer, fieldByteCount: Int) throws(CryptoError) -> [UInt8] {
        guard raw.count == 2 * fieldByteCount else {
            throw CryptoError(
                .invalidEncoding, "a raw signature is \(2 * fieldByteCount) bytes (r ‖ s), got \(raw.count)")
        }
        let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
        guard let r = BN_bin2bn(base, Int32(fieldByteCount), nil) else { fatalError("BN_bin2bn: out of memory") }
        guard let s = BN_bin2bn(base + fieldByteCount, Int32(fieldByteCount), nil) else {
            BN_free(r)
            fatalError("BN_bin2bn: out of memory")
        }
        guard let signature = ECDSA_SIG_new() else { fatalError("ECDSA_SIG_new: out of memory") }
        defer { ECDSA_SIG_free(signature) }
        guard ECDSA_SIG_set0(signature, r, s) == 1 else { fatalError("ECDSA_SIG_set0 failed") }
        return reencode(signature)
    }

    /// Whether s ≤ n/2 in r ‖ s.
    static func isLowS(raw: [UInt8], curve: CurveGroup) -> Bool {
        let s = raw.suffix(raw.count / 2)
        return !halfOrder(curve).lexicographicallyPrecedes(s)
    }

    /// r ‖ s with s replaced by n − s when s > n/2; the two forms are the same signature.
    static func lowS(raw: [UInt8], curve: CurveGroup) -> [UInt8] {
        guard !isLowS(raw: raw, curve: curve) else { return raw }
        let field = raw.count / 2
        var output = raw
        output.withUnsafeMutableBufferPointer { buffer in
            let sBytes = buffer.baseAddress! + field
            guard let s = BN_bin2bn(sBytes, Int32(field), nil), let n = BN_bin2bn(curve.order, Int32(field), nil)
            else { fatalError("BN_bin2bn: out of memory") }
            defer {
                BN_free(s)
                BN_free(n)
            }
            guard BN_sub(s, n, s) == 1, BN_bn2binpad(s, sBytes, Int32(field)) == field else {
                fatalError("BN_sub failed")
            }
        }
        return output
    }

    private static func halfOrder(_ curve: CurveGroup) -> [UInt8] {
        // n >> 1, bytewise.
        var carry: UInt8 = 0
        return curve.order.map { byte in
            defer { carry = byte & 1 }
            return (byte >> 1) | (carry << 7)
        }
    }

    private static func reencode(_ signature: OpaquePointer) -> [UInt8] {
        guard let der = DERWriter.encode({ i2d_ECDSA_SIG(signature, $0) }) else {
            fatalError("\(CryptoError.backend("i2d_ECDSA_SIG failed"))")
        }
        return der
    }
}
