import Foundation
import TestSupport
import Testing
import WalletCrypto

@Suite("stream-v1 ShangMi profile")
struct StreamProfileTests {
    let key = SymmetricKey(size: 256)

    @Test(arguments: [0, 1, 1023, 1024, 1025, 5000, 3 << 20])
    func shangMiStreamsRoundTrip(size: Int) throws {
        let plaintext = SecureRandom.bytes(count: size)
        let stream = try StreamEncryption.encrypt(plaintext, using: key, chunkByteCount: 1024, profile: .shangMi)
        #expect(stream[5] == 2)
        #expect(try StreamEncryption.decrypt(stream, using: key, profile: .shangMi) == plaintext)
        #expect(throws: CryptoError.authenticationFailure) {
            try StreamEncryption.decrypt(stream, using: SymmetricKey(size: 256), profile: .shangMi)
        }
    }

    @Test func aStreamOfOneProfileIsRefusedUnderTheOther() throws {
        let plaintext = SecureRandom.bytes(count: 3000)
        let shangMi = try StreamEncryption.encrypt(plaintext, using: key, chunkByteCount: 1024, profile: .shangMi)
        let standard = try StreamEncryption.encrypt(plaintext, using: key, chunkByteCount: 1024)
        for (stream, required) in [(shangMi, AlgorithmProfile.standard), (standard, .shangMi)] {
            let error = #expect(throws: CryptoError.self) {
                try StreamEncryption.decrypt(stream, using: key, profile: required)
            }
            #expect(error?.code == .invalidParameter && error?.reason.contains("profile") == true)
        }
        // The default is the standard profile, as before the ShangMi profile existed.
        #expect(throws: CryptoError.self) { try StreamEncryption.decrypt(shangMi, using: key) }
        #expect(try StreamEncryption.decrypt(standard, using: key) == plaintext)
        // Relabelling the profile byte changes the payload key: every chunk fails.
        var relabelled = shangMi
        relabelled[5] = 1
        #expect(throws: CryptoError.authenticationFailure) { try StreamEncryption.decrypt(relabelled, using: key) }
    }
}
