/// WalletCustody's Ed25519 prehash mode (`docs/spec/ed25519-prehash.md`), modelled on minisign's
/// hashed signatures but domain-separated: the signed message is a fixed label and the
/// BLAKE2b-512 digest, so a prehash signature can never verify as a plain signature of the digest.
enum Ed25519Prehash {
    /// "WalletCustody-Ed25519-BLAKE2b512-prehash-v1" followed by one zero byte.
    static let label: [UInt8] = Array("WalletCustody-Ed25519-BLAKE2b512-prehash-v1".utf8) + [0]

    static func message(for digest: Digest) throws(CryptoError) -> [UInt8] {
        guard digest.algorithm == .blake2b512 else {
            throw CryptoError(.invalidParameter, "Ed25519 prehash signs BLAKE2b-512 digests, got \(digest.algorithm)")
        }
        return label + digest.bytes
    }
}
