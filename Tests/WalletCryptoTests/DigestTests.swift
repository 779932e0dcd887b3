import Foundation
import TestSupport
import Testing
import WalletCrypto

@Suite("Digests")
struct DigestTests {
    /// Each digest type with the name `openssl dgst` knows it by.
    static let algorithms: [(any HashFunction.Type, String)] = [
        (SHA256.self, "sha256"), (SHA384.self, "sha384"), (SHA512.self, "sha512"), (SHA3_256.self, "sha3-256"),
        (SM3.self, "sm3"), (BLAKE2b512.self, "blake2b512"), (Insecure.SHA1.self, "sha1"),
    ]

    @Test func knownAnswers() {
        #expect(
            SHA256.hash(data: Array("abc".utf8)).description
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hash(data: [UInt8]()).description
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Insecure.SHA1.hash(data: Array("abc".utf8)).description == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(
            SHA3_256.hash(data: [UInt8]()).description
                == "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
    }

    @Test(arguments: [0, 1, 55, 64, 1000, 70_000])
    func matchesOpenSSLCommandLine(size: Int) throws {
        let message = SecureRandom.bytes(count: size)
        for (type, name) in Self.algorithms {
            let output = try runPeer(["openssl", "dgst", "-\(name)", "-r"], input: message)
            let expected = String(output.split(separator: " ").first ?? "")
            #expect(type.hash(data: message).description == expected, "\(name) over \(size) bytes")
        }
    }

    @Test func incrementalEqualsOneShotForAnySplit() {
        let message = SecureRandom.bytes(count: 300)
        for (type, _) in Self.algorithms {
            let expected = type.hash(data: message)
            for split in [0, 1, 63, 64, 65, 299, 300] {
                #expect(incremental(type, message, split: split) == expected)
            }
            #expect(type.hash(data: discontiguous(message, pieces: 5)) == expected)
        }
    }

    private func incremental<H: HashFunction>(_: H.Type, _ message: [UInt8], split: Int) -> Digest {
        var hasher = H()
        hasher.update(data: message[..<split])
        hasher.update(data: discontiguous(Array(message[split...])))
        return hasher.finalize()
    }

    @Test func copiesAreIndependentAndFinalizeDoesNotEndTheHash() {
        var a = SHA256()
        a.update(data: Array("ab".utf8))
        var b = a
        b.update(data: Array("c".utf8))
        a.update(data: Array("x".utf8))
        #expect(b.finalize() == SHA256.hash(data: Array("abc".utf8)))
        #expect(a.finalize() == SHA256.hash(data: Array("abx".utf8)))
        let first = a.finalize()
        #expect(a.finalize() == first)
        a.update(data: Array("y".utf8))
        #expect(a.finalize() == SHA256.hash(data: Array("abxy".utf8)))
    }

    @Test func concurrentHashingFromManyTasks() async {
        let message = SecureRandom.bytes(count: 4096)
        let expected = SHA512.hash(data: message)
        let results = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for _ in 0..<32 { group.addTask { (0..<50).allSatisfy { _ in SHA512.hash(data: message) == expected } } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 })
    }
}
