import Foundation

/// Checks of SM2 distinguishing IDs.
enum SM2Identity {
    /// ENTL is a 16-bit count of bits, so an ID has at most 8191 bytes.
    static func check(_ id: some DataProtocol) throws(CryptoError) -> [UInt8] {
        guard id.count <= 8191 else {
            throw CryptoError(.invalidParameter, "an SM2 distinguishing ID has at most 8191 bytes, got \(id.count)")
        }
        return Array(id)
    }
}
