import Testing
import WalletCrypto

@Suite("SecureBytes and SymmetricKey")
struct SecureBytesTests {
    @Test func descriptionNeverShowsTheSecret() {
        let secret = SecureBytes([0xde, 0xad, 0xbe, 0xef])
        #expect(secret.description == "SecureBytes(4 bytes)")
        #expect(secret.debugDescription == "SecureBytes(4 bytes)")
        #expect(!"\(secret)".lowercased().contains("dead"))
        var dumped = ""
        dump(secret, to: &dumped)
        // The dump shows the storage's address, which may contain any digits; the bytes would show as
        // an array element ("- 222") or a list ("222, 173").
        #expect(!dumped.lowercased().contains("dead") && !dumped.contains("- 222") && !dumped.contains("222, 173"))
        let key = SymmetricKey(data: [UInt8](repeating: 0x41, count: 32))
        #expect("\(key)" == "SymmetricKey(256 bits)")
        #expect(!String(reflecting: key).contains("65"))
    }

    @Test func equalityComparesContentAndLength() {
        #expect(SecureBytes([1, 2, 3]) == SecureBytes([1, 2, 3]))
        #expect(SecureBytes([1, 2, 3]) != SecureBytes([1, 2, 4]))
        #expect(SecureBytes([1, 2, 3]) != SecureBytes([1, 2]))
        #expect(SecureBytes([UInt8]()) == SecureBytes([UInt8]()))
        #expect(SymmetricKey(data: [9, 9]) != SymmetricKey(data: [9, 8]))
    }

    @Test func copiesFromDiscontiguousInput() {
        let bytes = Array(0..<50).map(UInt8.init)
        let secret = SecureBytes(discontiguous(bytes, pieces: 7))
        #expect(secret.withUnsafeBytes { Array($0) } == bytes)
    }

    @Test func randomSecretsDiffer() {
        let a = SecureBytes(randomByteCount: 32)
        let b = SecureBytes(randomByteCount: 32)
        #expect(a.count == 32 && a != b)
        #expect(SymmetricKey(size: 256).bitCount == 256)
        #expect(SecureBytes(randomByteCount: 0).count == 0)
    }
}

@Suite("SecureRandom")
struct SecureRandomTests {
    @Test func bytesAreFreshEachCall() {
        #expect(SecureRandom.bytes(count: 32) != SecureRandom.bytes(count: 32))
        #expect(SecureRandom.bytes(count: 0).isEmpty)
    }

    @Test func generatorDrivesStandardLibraryAlgorithms() {
        var generator = SecureRandomNumberGenerator()
        let values = (0..<64).map { _ in generator.next() }
        #expect(Set(values).count == 64)
        let shuffled = Array(0..<100).shuffled(using: &generator)
        #expect(shuffled.sorted() == Array(0..<100))
        #expect((0..<1000).map { _ in Int.random(in: 0..<10, using: &generator) }.allSatisfy { (0..<10).contains($0) })
    }
}

@Suite("Backend")
struct BackendTests {
    @Test func loadedLibcryptoIsSupported() throws {
        try CryptoBackend.check()
        #expect(CryptoBackend.version.hasPrefix("OpenSSL 3."))
    }
}
