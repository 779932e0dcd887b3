import Foundation
import Testing
import WalletCrypto

@Suite("AEAD: AES-GCM and ChaCha20-Poly1305")
struct AEADTests {
    @Test(arguments: [128, 192, 256])
    func aesGCMRoundTrips(bits: Int) throws {
        try roundTrips(AES.GCM.self, key: SymmetricKey(size: bits))
    }

    @Test func chaChaPolyRoundTrips() throws {
        try roundTrips(ChaChaPoly.self, key: SymmetricKey(size: 256))
    }

    private func roundTrips<S: AEADScheme>(_: S.Type, key: SymmetricKey) throws {
        for size in [0, 1, 15, 16, 17, 1000, 70_000] {
            let message = SecureRandom.bytes(count: size)
            let aad = SecureRandom.bytes(count: size % 37)
            let box = try S.seal(discontiguous(message), using: key, authenticating: discontiguous(aad))
            #expect(box.ciphertext.count == size && box.tag.count == 16 && box.nonce.bytes.count == 12)
            #expect(Array(try S.open(box, using: key, authenticating: aad)) == message)
            let reparsed = try S.SealedBox(combined: try #require(box.combined))
            #expect(Array(try S.open(reparsed, using: key, authenticating: aad)) == message)
            let plain = try S.seal(message, using: key)
            #expect(Array(try S.open(plain, using: key)) == message)
        }
    }

    @Test func randomNoncesDiffer() throws {
        let key = SymmetricKey(size: 256)
        let a = try AES.GCM.seal([1, 2, 3], using: key)
        let b = try AES.GCM.seal([1, 2, 3], using: key)
        #expect(a.nonce != b.nonce && a.ciphertext != b.ciphertext)
    }

    @Test func everyFlippedByteOfASmallBoxFailsToOpen() throws {
        try everyFlipFails(AES.GCM.self, key: SymmetricKey(size: 128))
        try everyFlipFails(ChaChaPoly.self, key: SymmetricKey(size: 256))
    }

    private func everyFlipFails<S: AEADScheme>(_: S.Type, key: SymmetricKey) throws {
        let combined = try #require(try S.seal(Array("pay 10 EUR".utf8), using: key, authenticating: [7]).combined)
        for index in combined.indices {
            for bit in [0x01, 0x80] as [UInt8] {
                var tampered = combined
                tampered[index] ^= bit
                let box = try S.SealedBox(combined: tampered)
                #expect(throws: CryptoError.authenticationFailure) { try S.open(box, using: key, authenticating: [7]) }
            }
        }
    }

    @Test func wrongKeyOrAssociatedDataGivesTheOneGenericError() throws {
        let key = SymmetricKey(size: 256)
        let box = try ChaChaPoly.seal([1, 2, 3], using: key, authenticating: [9])
        #expect(throws: CryptoError.authenticationFailure) {
            try ChaChaPoly.open(box, using: SymmetricKey(size: 256), authenticating: [9])
        }
        #expect(throws: CryptoError.authenticationFailure) { try ChaChaPoly.open(box, using: key, authenticating: [8]) }
        #expect(throws: CryptoError.authenticationFailure) { try ChaChaPoly.open(box, using: key) }
        // A box sealed with one algorithm does not open under the other with the same key.
        let gcm = try AES.GCM.SealedBox(combined: try #require(box.combined))
        #expect(throws: CryptoError.authenticationFailure) { try AES.GCM.open(gcm, using: key, authenticating: [9]) }
        // The key's cached contexts stay usable after a failure.
        #expect(try ChaChaPoly.open(box, using: key, authenticating: [9]) == Data([1, 2, 3]))
    }

    @Test func badParametersThrowAndSayWhatWasWrong() throws {
        let error = #expect(throws: CryptoError.self) { try AES.GCM.seal([1], using: SymmetricKey(size: 64)) }
        #expect(error?.code == .invalidParameter && error?.reason.contains("64") == true)
        let chacha = #expect(throws: CryptoError.self) { try ChaChaPoly.seal([1], using: SymmetricKey(size: 128)) }
        #expect(chacha?.code == .invalidParameter)
        let nonce = #expect(throws: CryptoError.self) { try ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 8)) }
        #expect(nonce?.code == .invalidParameter && nonce?.reason.contains("12 bytes") == true)
        #expect(throws: CryptoError.self) { try AES.GCM.Nonce(insecureNonStandardData: [UInt8]()) }
        #expect(throws: CryptoError.self) {
            try AES.GCM.Nonce(insecureNonStandardData: [UInt8](repeating: 0, count: 1025))
        }
        let short = #expect(throws: CryptoError.self) {
            try AES.GCM.SealedBox(combined: [UInt8](repeating: 0, count: 27))
        }
        #expect(short?.code == .invalidEncoding)
        #expect(throws: CryptoError.self) {
            try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(), ciphertext: [1], tag: [1, 2])
        }
    }

    @Test func nonStandardGCMNonceRoundTripsButHasNoCombinedForm() throws {
        let key = SymmetricKey(size: 256)
        for length in [1, 8, 16, 129, 257] {
            let nonce = try AES.GCM.Nonce(insecureNonStandardData: [UInt8](repeating: 3, count: length))
            let box = try AES.GCM.seal([5, 6, 7], using: key, nonce: nonce, authenticating: [1])
            #expect(box.combined == nil)
            #expect(try AES.GCM.open(box, using: key, authenticating: [1]) == Data([5, 6, 7]))
            #expect(throws: CryptoError.authenticationFailure) { try AES.GCM.open(box, using: key) }
            let other = try AES.GCM.SealedBox(
                nonce: try AES.GCM.Nonce(insecureNonStandardData: [UInt8](repeating: 4, count: length)),
                ciphertext: box.ciphertext, tag: box.tag)
            #expect(throws: CryptoError.authenticationFailure) {
                try AES.GCM.open(other, using: key, authenticating: [1])
            }
        }
    }

    @Test func oneKeyFromManyTasksAtOnce() async throws {
        #expect(await roundTripsFromManyTasks(AES.GCM.self, key: SymmetricKey(size: 256)))
    }
}

@Suite("AEAD into caller buffers")
struct AEADInPlaceTests {
    @Test func sealAndOpenReuseTheBuffers() throws {
        let key = SymmetricKey(size: 256)
        var combined: [UInt8] = []
        var plaintext: [UInt8] = [9, 9, 9]
        for size in [0, 1, 64, 64, 1000, 3] {
            let message = SecureRandom.bytes(count: size)
            try AES.GCM.seal(discontiguous(message), using: key, authenticating: [1, 2], into: &combined)
            #expect(combined.count == 12 + size + 16)
            let box = try AES.GCM.SealedBox(combined: combined)
            #expect(Array(try AES.GCM.open(box, using: key, authenticating: [1, 2])) == message)
            try AES.GCM.open(combined: combined, using: key, authenticating: [1, 2], into: &plaintext)
            #expect(plaintext == message)
        }
        let nonce = try ChaChaPoly.Nonce(data: [UInt8](repeating: 7, count: 12))
        try ChaChaPoly.seal([1, 2, 3], using: key, nonce: nonce, into: &combined)
        #expect(Data(combined) == (try ChaChaPoly.seal([1, 2, 3], using: key, nonce: nonce).combined))
    }

    @Test func failedOpenEmptiesThePlaintextBuffer() throws {
        let key = SymmetricKey(size: 128)
        var combined: [UInt8] = []
        try AES.GCM.seal(Array("secret".utf8), using: key, into: &combined)
        var plaintext: [UInt8] = []
        for index in combined.indices {
            var tampered = combined
            tampered[index] ^= 0x40
            #expect(throws: CryptoError.authenticationFailure) {
                try AES.GCM.open(combined: tampered, using: key, into: &plaintext)
            }
            #expect(plaintext.isEmpty)
        }
        let short = #expect(throws: CryptoError.self) {
            try AES.GCM.open(combined: [UInt8](repeating: 0, count: 27), using: key, into: &plaintext)
        }
        #expect(short?.code == .invalidEncoding)
        #expect(throws: CryptoError.self) { try ChaChaPoly.seal([1], using: key, into: &combined) }
    }
}
