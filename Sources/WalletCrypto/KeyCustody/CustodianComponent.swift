import Foundation

/// One custodian's share of a vault key-encryption key, for dual control (PCI DSS 3.7.6): any
/// `threshold` of the `count` components rebuild the KEK; fewer reveal nothing about it
/// (Shamir's secret sharing over GF(2^8), one polynomial per key byte, random coefficients).
///
/// Security contract: a component is as sensitive as its share of the key: hand each to one
/// custodian, never store two together. The text form carries a checksum that catches typing
/// errors, not forgery; a wrong combination is caught by the vault's key check value.
public struct CustodianComponent: Sendable, Equatable, CustomStringConvertible {
    /// Components needed to rebuild the key.
    public let threshold: Int
    /// This component's x coordinate, 1-255.
    public let index: Int
    /// The share bytes, one per key byte.
    let share: SecureBytes

    static let header = "walletcustody-kek-component-v1"

    /// Splits `key` into `count` components of which any `threshold` rebuild it.
    /// Throws `CryptoError`.
    public static func split(_ key: SymmetricKey, threshold: Int, count: Int) throws
        -> [CustodianComponent]
    {
        guard threshold >= 2, threshold <= count, count <= 255 else {
            throw CryptoError(.invalidParameter, "custodian components need 2 <= threshold <= count <= 255")
        }
        let secret = key.withUnsafeBytes { Array($0) }
        var coefficients = SecureRandom.bytes(count: secret.count * (threshold - 1))
        defer { Self.wipe(&coefficients) }
        return (1...count).map { x in
            var share: [UInt8] = []
            defer { Self.wipe(&share) }
            for (byteIndex, constant) in secret.enumerated() {
                // Horner's rule: f(x) = c0 + c1 x + ... + c(t-1) x^(t-1).
                var value: UInt8 = 0
                for degree in stride(from: threshold - 1, through: 1, by: -1) {
                    value = GF256.multiply(value, UInt8(x)) ^ coefficients[byteIndex * (threshold - 1) + degree - 1]
                }
                share.append(GF256.multiply(value, UInt8(x)) ^ constant)
            }
            return CustodianComponent(threshold: threshold, index: x, share: SecureBytes(share))
        }
    }

    /// Rebuilds the key from at least `threshold` distinct components. Throws
    /// `.insufficientComponents` for too few, mixed or duplicate components.
    /// Throws `CryptoError`.
    public static func combine(_ components: [CustodianComponent]) throws -> SymmetricKey {
        guard let threshold = components.first?.threshold, components.allSatisfy({ $0.threshold == threshold }),
            Set(components.map(\.index)).count == components.count, components.count >= threshold,
            Set(components.map(\.share.count)).count == 1
        else {
            throw CryptoError(
                .insufficientComponents,
                "rebuilding the key needs \(components.first?.threshold ?? 2) distinct components from one split, got \(components.count)"
            )
        }
        let used = Array(components.prefix(threshold))
        let length = used[0].share.count
        var secret = [UInt8](repeating: 0, count: length)
        defer { Self.wipe(&secret) }
        for (i, component) in used.enumerated() {
            // Lagrange basis at 0: product of x_j / (x_j - x_i); subtraction is XOR in GF(2^8).
            var basis: UInt8 = 1
            for (j, other) in used.enumerated() where j != i {
                let xj = UInt8(other.index)
                basis = GF256.multiply(basis, GF256.multiply(xj, GF256.inverse(xj ^ UInt8(component.index))))
            }
            component.share.withUnsafeBytes { share in
                for byte in 0..<length { secret[byte] ^= GF256.multiply(share[byte], basis) }
            }
        }
        return SymmetricKey(data: secret)
    }

    /// Parses the text form. Throws `CryptoError` `.insufficientComponents` for a malformed component.
    public init(text: String) throws {
        let fields = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        guard fields.count == 5, Identifier.equal(fields[0], Self.header), let threshold = Int(fields[1]),
            let index = Int(fields[2]),
            Identifier.equal(String(threshold), fields[1]), Identifier.equal(String(index), fields[2]),
            (2...255).contains(threshold), (1...255).contains(index), let share = try? Hex.decode(fields[3]),
            share.count == 32, Identifier.equal(Hex.encode(share), fields[3]),
            Identifier.equal(fields[4], Self.checksum(threshold: threshold, index: index, share: share))
        else { throw CryptoError(.insufficientComponents, "a custodian component is malformed or mistyped") }
        self.init(threshold: threshold, index: index, share: SecureBytes(share))
    }

    init(threshold: Int, index: Int, share: SecureBytes) {
        self.threshold = threshold
        self.index = index
        self.share = share
    }

    /// The text form to hand to a custodian. It contains the share.
    public var text: String {
        let bytes = share.withUnsafeBytes { Array($0) }
        return
            "\(Self.header) \(threshold) \(index) \(Hex.encode(bytes)) \(Self.checksum(threshold: threshold, index: index, share: bytes))"
    }

    /// Threshold and index only.
    public var description: String { "CustodianComponent(\(index) of threshold \(threshold))" }

    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { if let base = $0.baseAddress { SecureMemory.cleanse(base, count: $0.count) } }
    }

    private static func checksum(threshold: Int, index: Int, share: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: Array("\(threshold) \(index) ".utf8) + share).bytes.prefix(4))
    }
}
