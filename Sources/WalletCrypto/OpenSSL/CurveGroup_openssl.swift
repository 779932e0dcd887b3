internal import COpenSSL

/// An `EC_GROUP` for one Weierstrass curve, built once per process, with its order.
///
/// Only read after init (`EC_POINT_mul`, `oct2point` take the group as const), so sharing it
/// between threads is sound.
final class CurveGroup: @unchecked Sendable {
    let pointer: OpaquePointer
    /// The group order n, big-endian, `fieldByteCount` bytes.
    let order: [UInt8]
    /// OpenSSL's group name for `OSSL_PKEY_PARAM_GROUP_NAME`.
    let name: UnsafeMutablePointer<CChar>
    /// The key type OpenSSL uses for this curve: "EC", or "SM2".
    let keyType: UnsafeMutablePointer<CChar>
    /// a ‖ b ‖ xG ‖ yG, each `fieldByteCount` bytes: the curve's part of SM2's Z value.
    let curveParameters: [UInt8]

    private init(nid: Int32, name: String, keyType: String, fieldByteCount: Int) {
        guard let group = EC_GROUP_new_by_curve_name_ex(nil, nil, nid) else {
            fatalError("\(CryptoError.backend("the loaded libcrypto has no curve \(name)"))")
        }
        pointer = group
        var order = [UInt8](repeating: 0, count: fieldByteCount)
        guard let n = EC_GROUP_get0_order(group), BN_bn2binpad(n, &order, Int32(fieldByteCount)) == fieldByteCount
        else {
            fatalError("\(CryptoError.backend("EC_GROUP_get0_order failed"))")
        }
        self.order = order
        curveParameters = CurveGroup.parameters(group, fieldByteCount: fieldByteCount)
        self.name = StaticCString.make(name)
        self.keyType = StaticCString.make(keyType)
    }

    private static func parameters(_ group: OpaquePointer, fieldByteCount: Int) -> [UInt8] {
        guard let p = BN_new(), let a = BN_new(), let b = BN_new() else { fatalError("BN_new: out of memory") }
        defer {
            BN_free(p)
            BN_free(a)
            BN_free(b)
        }
        var output = [UInt8](repeating: 0, count: 2 * fieldByteCount)
        var generator = [UInt8](repeating: 0, count: 1 + 2 * fieldByteCount)
        guard EC_GROUP_get_curve(group, p, a, b, nil) == 1,
            BN_bn2binpad(a, &output, Int32(fieldByteCount)) == fieldByteCount,
            output.withUnsafeMutableBufferPointer({
                BN_bn2binpad(b, $0.baseAddress! + fieldByteCount, Int32(fieldByteCount)) == fieldByteCount
            }),
            let g = EC_GROUP_get0_generator(group),
            EC_POINT_point2oct(group, g, POINT_CONVERSION_UNCOMPRESSED, &generator, generator.count, nil)
                == generator.count
        else { fatalError("\(CryptoError.backend("reading the curve parameters failed"))") }
        return output + generator.dropFirst()
    }

    /// Whether the SEC1 `point` decodes to a point on this curve (OpenSSL checks both coordinates
    /// are below p and the curve equation). For SM2, P-256 and P-384 the cofactor is 1, so such a
    /// point is in the prime-order group; the point at infinity has no uncompressed encoding.
    func contains(point: [UInt8]) -> Bool {
        guard let decoded = EC_POINT_new(pointer) else { fatalError("EC_POINT_new: out of memory") }
        defer { EC_POINT_free(decoded) }
        let valid =
            EC_POINT_oct2point(pointer, decoded, point, point.count, nil) == 1
            && EC_POINT_is_on_curve(pointer, decoded, nil) == 1 && EC_POINT_is_at_infinity(pointer, decoded) == 0
        OpenSSLErrors.clear()
        return valid
    }

    static let p256 = CurveGroup(nid: NID_X9_62_prime256v1, name: "prime256v1", keyType: "EC", fieldByteCount: 32)
    static let p384 = CurveGroup(nid: NID_secp384r1, name: "secp384r1", keyType: "EC", fieldByteCount: 48)
    static let secp256k1 = CurveGroup(nid: NID_secp256k1, name: "secp256k1", keyType: "EC", fieldByteCount: 32)
    static let sm2 = CurveGroup(nid: NID_sm2, name: "SM2", keyType: "SM2", fieldByteCount: 32)
}

extension KeyAlgorithm {
    /// The curve of a Weierstrass algorithm; nil for Ed25519 and X25519.
    var curve: CurveGroup? {
        switch id {
        case .ed25519, .x25519: nil
        case .p256: .p256
        case .p384: .p384
        case .secp256k1: .secp256k1
        case .sm2: .sm2
        }
    }

    /// OpenSSL's key type name for key generation and import.
    var openSSLKeyType: String {
        switch id {
        case .ed25519: "ED25519"
        case .x25519: "X25519"
        case .sm2: "SM2"
        case .p256, .p384, .secp256k1: "EC"
        }
    }
}
