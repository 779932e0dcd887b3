import TestSupport
import Testing
import WalletCrypto

@Suite("SM4: GCM, CCM, CBC and CTR")
struct SM4Tests {
    @Test func gcmAndCCMRoundTrip() throws {
        try roundTrips(SM4.GCM.self)
        try roundTrips(SM4.CCM.self)
    }

    private func roundTrips<S: AEADScheme>(_: S.Type) throws {
        let key = SymmetricKey(size: 128)
        for size in [0, 1, 15, 16, 17, 1000, 3072, 3073, 70_000] {
            let message = SecureRandom.bytes(count: size)
            let aad = SecureRandom.bytes(count: size % 37)
            let box = try S.seal(discontiguous(message), using: key, authenticating: discontiguous(aad))
            #expect(box.ciphertext.count == size && box.tag.count == 16 && box.nonce.bytes.count == 12)
            #expect(size == 0 || Array(box.ciphertext) != message)
            #expect(Array(try S.open(box, using: key, authenticating: aad)) == message)
            let reparsed = try S.SealedBox(combined: try #require(box.combined))
            #expect(Array(try S.open(reparsed, using: key, authenticating: aad)) == message)
            #expect(Array(try S.open(try S.seal(message, using: key), using: key)) == message)
        }
    }

    @Test func everyFlippedBitOfASmallBoxFailsWithTheOneError() throws {
        try everyFlipFails(SM4.GCM.self)
        try everyFlipFails(SM4.CCM.self)
    }

    private func everyFlipFails<S: AEADScheme>(_: S.Type) throws {
        let key = SymmetricKey(size: 128)
        let combined = try #require(try S.seal(Array("pay 10 CNY".utf8), using: key, authenticating: [7]).combined)
        for index in combined.indices {
            for bit in 0..<8 {
                var tampered = combined
                tampered[index] ^= 1 << bit
                let box = try S.SealedBox(combined: tampered)
                #expect(throws: CryptoError.authenticationFailure) { try S.open(box, using: key, authenticating: [7]) }
            }
        }
        // The key's cached state is still good after all those failures.
        #expect(
            Array(try S.open(try S.SealedBox(combined: combined), using: key, authenticating: [7]))
                == Array("pay 10 CNY".utf8)
        )
    }

    @Test func intoBufferFormsMatchTheBoxForms() throws {
        let key = SymmetricKey(size: 128)
        var combined: [UInt8] = []
        var plaintext: [UInt8] = [1]
        for size in [0, 64, 64, 1024, 5] {
            let message = SecureRandom.bytes(count: size)
            try SM4.GCM.seal(message, using: key, authenticating: [3], into: &combined)
            #expect(combined.count == 12 + size + 16)
            try SM4.GCM.open(combined: combined, using: key, authenticating: [3], into: &plaintext)
            #expect(plaintext == message)
            #expect(
                Array(try SM4.GCM.open(try SM4.GCM.SealedBox(combined: combined), using: key, authenticating: [3]))
                    == message)
            try SM4.CCM.seal(message, using: key, authenticating: [3], into: &combined)
            try SM4.CCM.open(combined: combined, using: key, authenticating: [3], into: &plaintext)
            #expect(plaintext == message)
        }
        combined[20] ^= 1
        #expect(throws: CryptoError.authenticationFailure) {
            try SM4.CCM.open(combined: combined, using: key, authenticating: [3], into: &plaintext)
        }
        #expect(plaintext.isEmpty)
    }

    @Test func oneKeyAlternatingGCMCCMAndAESNeverMixesStates() throws {
        let key = SymmetricKey(size: 128)
        let nonce = try SM4.GCM.Nonce(data: [UInt8](repeating: 1, count: 12))
        let gcm = try SM4.GCM.seal([1, 2, 3], using: key, nonce: nonce)
        let ccm = try SM4.CCM.seal([1, 2, 3], using: key, nonce: try SM4.CCM.Nonce(data: nonce.bytes))
        let aes = try AES.GCM.seal([1, 2, 3], using: key, nonce: try AES.GCM.Nonce(data: nonce.bytes))
        #expect(gcm.ciphertext != ccm.ciphertext && gcm.ciphertext != aes.ciphertext)
        for _ in 0..<3 {
            #expect(Array(try SM4.GCM.open(gcm, using: key)) == [1, 2, 3])
            #expect(Array(try SM4.CCM.open(ccm, using: key)) == [1, 2, 3])
            #expect(Array(try AES.GCM.open(aes, using: key)) == [1, 2, 3])
        }
        // A box of one construction never opens as another under the same key and nonce.
        let combined = try #require(gcm.combined)
        #expect(throws: CryptoError.authenticationFailure) {
            try SM4.CCM.open(try SM4.CCM.SealedBox(combined: combined), using: key)
        }
        #expect(throws: CryptoError.authenticationFailure) {
            try AES.GCM.open(try AES.GCM.SealedBox(combined: combined), using: key)
        }
    }

    @Test func badParametersSayWhatWasWrong() throws {
        for bits in [64, 192, 256] {
            let error = #expect(throws: CryptoError.self) { try SM4.GCM.seal([1], using: SymmetricKey(size: bits)) }
            #expect(error?.code == .invalidParameter && error?.reason.contains("128") == true)
            #expect(throws: CryptoError.self) { try SM4.CCM.seal([1], using: SymmetricKey(size: bits)) }
            #expect(throws: CryptoError.self) {
                try SM4.InsecureCBC.encrypt([1], using: SymmetricKey(size: bits), iv: [UInt8](repeating: 0, count: 16))
            }
        }
        for length in [0, 8, 11, 13, 16] {
            #expect(throws: CryptoError.self) { try SM4.GCM.Nonce(data: [UInt8](repeating: 0, count: length)) }
            #expect(throws: CryptoError.self) { try SM4.CCM.Nonce(data: [UInt8](repeating: 0, count: length)) }
        }
        for length in [0, 8, 12, 15] {
            #expect(throws: CryptoError.self) {
                try SM4.GCM.SealedBox(
                    nonce: SM4.GCM.Nonce(), ciphertext: [1], tag: [UInt8](repeating: 0, count: length))
            }
        }
    }

    @Test func ccmRefusesMessagesItsLengthFieldCannotHold() throws {
        let key = SymmetricKey(size: 128)
        let largest = [UInt8](repeating: 0x5a, count: (1 << 24) - 1)
        let box = try SM4.CCM.seal(largest, using: key)
        #expect(Array(try SM4.CCM.open(box, using: key)) == largest)
        let error = #expect(throws: CryptoError.self) { try SM4.CCM.seal(largest + [0], using: key) }
        #expect(error?.code == .invalidParameter)
        // A forged box that claims a longer body fails as every forgery does.
        let forged = try SM4.CCM.SealedBox(nonce: box.nonce, ciphertext: box.ciphertext + [0], tag: box.tag)
        #expect(throws: CryptoError.authenticationFailure) { try SM4.CCM.open(forged, using: key) }
    }

    @Test func largeGCMMessageRoundTrips() throws {
        let key = SymmetricKey(size: 128)
        let message = SecureRandom.bytes(count: 9 << 20)
        var combined: [UInt8] = []
        try SM4.GCM.seal(message, using: key, into: &combined)
        var plaintext: [UInt8] = []
        try SM4.GCM.open(combined: combined, using: key, into: &plaintext)
        #expect(plaintext == message)
    }

    @Test func oneKeyFromManyTasksAtOnce() async throws {
        // One key serves GCM and CCM from interleaved tasks: the slot must never hand one's state to the other.
        let key = SymmetricKey(size: 128)
        async let gcm = roundTripsFromManyTasks(SM4.GCM.self, key: key)
        async let ccm = roundTripsFromManyTasks(SM4.CCM.self, key: key)
        let (gcmOK, ccmOK) = await (gcm, ccm)
        #expect(gcmOK && ccmOK)
    }

    @Test func cbcRoundTripsAndRefusesBadInputWithoutSayingWhy() throws {
        let key = SymmetricKey(size: 128)
        let iv = SecureRandom.bytes(count: 16)
        for size in [0, 1, 15, 16, 17, 1000] {
            let message = SecureRandom.bytes(count: size)
            let ciphertext = try SM4.InsecureCBC.encrypt(message, using: key, iv: iv)
            #expect(ciphertext.count == (size / 16 + 1) * 16)
            #expect(try SM4.InsecureCBC.decrypt(ciphertext, using: key, iv: iv) == message)
        }
        // Wrong padding (here: a wrong key) is the one generic error.
        let ciphertext = try SM4.InsecureCBC.encrypt([1, 2, 3], using: key, iv: iv)
        var wrongKeyFailures = 0
        for _ in 0..<20 {
            do {
                _ = try SM4.InsecureCBC.decrypt(ciphertext, using: SymmetricKey(size: 128), iv: iv)
            } catch let error as CryptoError {
                #expect(error == .authenticationFailure)
                wrongKeyFailures += 1
            }
        }
        #expect(wrongKeyFailures >= 15)  // about 1 in 256 random keys gives valid-looking padding
        for bad in [[UInt8](), [UInt8](repeating: 0, count: 15), [UInt8](repeating: 0, count: 33)] {
            let error = #expect(throws: CryptoError.self) { try SM4.InsecureCBC.decrypt(bad, using: key, iv: iv) }
            #expect(error?.code == .invalidEncoding)
        }
        #expect(throws: CryptoError.self) {
            try SM4.InsecureCBC.encrypt([1], using: key, iv: [UInt8](repeating: 0, count: 12))
        }
        #expect(throws: CryptoError.self) {
            try SM4.InsecureCTR.apply([1], using: key, counter: [UInt8](repeating: 0, count: 12))
        }
    }

    @Test func ctrIsItsOwnInverseAndCarriesAcrossAll128Bits() throws {
        let key = SymmetricKey(size: 128)
        let message = SecureRandom.bytes(count: 1000)
        let counter = [UInt8](repeating: 0xff, count: 16)
        let ciphertext = try SM4.InsecureCTR.apply(message, using: key, counter: counter)
        #expect(try SM4.InsecureCTR.apply(ciphertext, using: key, counter: counter) == message)
        // Block 1 uses counter 0 (the all-ones counter wrapped): same key stream as starting at 0.
        let fromZero = try SM4.InsecureCTR.apply(
            message.dropFirst(16), using: key, counter: [UInt8](repeating: 0, count: 16))
        #expect(Array(ciphertext.dropFirst(16)) == fromZero)
    }
}
