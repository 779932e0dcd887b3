internal import COpenSSL

/// The loaded libcrypto: its version check and the algorithms fetched from it once per process.
enum OpenSSLBackend {
    /// The lowest libcrypto WalletCrypto accepts: 3.0.0.
    static let minimumVersion: UInt = 0x3000_0000

    /// The version text of the libcrypto actually loaded at run time.
    static var versionText: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }

    /// Whether the loaded libcrypto is usable, checked once; every fetch consults it first.
    static let status: Result<Void, CryptoError> = {
        guard UInt(OpenSSL_version_num()) >= minimumVersion else {
            return .failure(
                CryptoError(
                    .unsupportedBackend,
                    "WalletCrypto needs libcrypto 3.0 or newer, but the loaded library is \(versionText)"))
        }
        return .success(())
    }()

    /// Fetches an algorithm after the version check, turning a NULL into a clear error.
    static func fetch(
        _ kind: String, _ name: String, _ fetcher: (String) -> OpaquePointer?
    ) -> Result<OpaquePointer, CryptoError> {
        if case .failure(let error) = status { return .failure(error) }
        OpenSSLErrors.clear()
        guard let pointer = fetcher(name) else {
            let queue = OpenSSLErrors.drain()
            return .failure(
                CryptoError(
                    .unsupportedBackend,
                    "the loaded libcrypto (\(versionText)) has no \(kind) \(name): \(queue)"))
        }
        return .success(pointer)
    }
}

/// A fetched `EVP_MD`, kept for the life of the process.
///
/// Immutable after init and OpenSSL documents fetched algorithms as shareable between threads,
/// so sharing it is sound.
final class FetchedDigest: @unchecked Sendable {
    let pointer: OpaquePointer
    let size: Int
    let blockSize: Int
    /// OpenSSL's own name string, valid while the digest lives; for `OSSL_PARAM` digest names.
    let name: UnsafeMutablePointer<CChar>

    init(_ name: String) throws(CryptoError) {
        pointer = try OpenSSLBackend.fetch("digest", name) { EVP_MD_fetch(nil, $0, nil) }.get()
        self.name = UnsafeMutablePointer(mutating: EVP_MD_get0_name(pointer))
        size = Int(EVP_MD_get_size(pointer))
        blockSize = Int(EVP_MD_get_block_size(pointer))
    }

    deinit { EVP_MD_free(pointer) }
}

/// A fetched `EVP_CIPHER`, kept for the life of the process.
///
/// Immutable after init and documented by OpenSSL as shareable between threads, so sharing it is sound.
final class FetchedCipher: @unchecked Sendable {
    let pointer: OpaquePointer
    let keySize: Int

    init(_ name: String) throws(CryptoError) {
        pointer = try OpenSSLBackend.fetch("cipher", name) { EVP_CIPHER_fetch(nil, $0, nil) }.get()
        keySize = Int(EVP_CIPHER_get_key_length(pointer))
    }

    deinit { EVP_CIPHER_free(pointer) }
}

/// A fetched `EVP_MAC`, kept for the life of the process.
///
/// Immutable after init and documented by OpenSSL as shareable between threads, so sharing it is sound.
final class FetchedMAC: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ name: String) throws(CryptoError) {
        pointer = try OpenSSLBackend.fetch("MAC", name) { EVP_MAC_fetch(nil, $0, nil) }.get()
    }

    deinit { EVP_MAC_free(pointer) }
}

/// A fetched `EVP_KDF`, kept for the life of the process.
///
/// Immutable after init and documented by OpenSSL as shareable between threads, so sharing it is sound.
final class FetchedKDF: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ name: String) throws(CryptoError) {
        pointer = try OpenSSLBackend.fetch("KDF", name) { EVP_KDF_fetch(nil, $0, nil) }.get()
    }

    deinit { EVP_KDF_free(pointer) }
}
