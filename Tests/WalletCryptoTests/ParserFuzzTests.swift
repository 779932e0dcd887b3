import Foundation
import TestSupport
import Testing
import WalletCrypto

/// Feeds random and mutated inputs to every parser. A parser may accept or throw `CryptoError`;
/// it must never crash, hang, or throw anything else.
@Suite("Parser fuzzing")
struct ParserFuzzTests {
    /// A seeded generator so a failure can be reproduced.
    typealias SplitMix64 = TestSupport.SplitMix64

    /// Mutations of `seed`, all different from it: flipped bytes, truncations, extensions, splices,
    /// and random bytes.
    static func mutations(of seed: [UInt8], count: Int, generator: inout SplitMix64) -> [[UInt8]] {
        (0..<count).map { i in
            mutation(of: seed, kind: i % 5, generator: &generator)
        }
    }

    private static func mutation(of seed: [UInt8], kind: Int, generator: inout SplitMix64) -> [UInt8] {
        while true {
            let bytes = mutate(seed, kind: kind, generator: &generator)
            if bytes != seed { return bytes }
        }
    }

    private static func mutate(_ seed: [UInt8], kind: Int, generator: inout SplitMix64) -> [UInt8] {
        var bytes = seed
        switch kind {
        case 0 where !bytes.isEmpty:
            for _ in 0...Int.random(in: 0..<4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(
                    in: 1...255, using: &generator)
            }
        case 1: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
        case 2:
            bytes += (0..<Int.random(in: 1..<40, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
        case 3 where bytes.count > 2:
            let cut = Int.random(in: 1..<bytes.count, using: &generator)
            bytes.insert(contentsOf: bytes[..<cut], at: cut)
        default:
            bytes = (0..<Int.random(in: 0..<200, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
        }
        return bytes
    }

    /// Runs `parse` on every input; only `CryptoError` may escape.
    static func survive(_ inputs: [[UInt8]], _ parse: ([UInt8]) throws -> Void) -> (accepted: Int, rejected: Int) {
        var accepted = 0
        var rejected = 0
        for input in inputs {
            do {
                try parse(input)
                accepted += 1
            } catch is CryptoError {
                rejected += 1
            } catch {
                Issue.record("a parser threw a non-CryptoError: \(error)")
            }
        }
        return (accepted, rejected)
    }

    @Test func keyAndSignatureParsers() {
        var generator = SplitMix64(state: 0x5EED)
        fuzzKeys(P256.Signing.self, &generator)
        fuzzKeys(P384.Signing.self, &generator)
        fuzzKeys(Secp256k1.Signing.self, &generator)
        fuzzKeys(SM2.Signing.self, &generator)
        fuzzKeys(Ed25519.self, &generator)
        fuzzKeys(X25519.KeyAgreement.self, &generator)
    }

    private func fuzzKeys<S: KeyScheme>(_: S.Type, _ generator: inout SplitMix64) {
        let key = S.PrivateKey()
        let privateDER = key.derRepresentation.withUnsafeBytes { Array($0) }
        let publicDER = Array(key.publicKey.derRepresentation)
        let n = 400
        let results = [
            Self.survive(Self.mutations(of: privateDER, count: n, generator: &generator)) {
                _ = try S.PrivateKey(derRepresentation: $0)
            },
            Self.survive(Self.mutations(of: publicDER, count: n, generator: &generator)) {
                _ = try S.PublicKey(derRepresentation: $0)
            },
            Self.survive(Self.mutations(of: Array(key.publicKey.x963Representation), count: n, generator: &generator)) {
                _ = try S.PublicKey(rawRepresentation: $0)
            },
            Self.survive(
                Self.mutations(of: key.rawRepresentation.withUnsafeBytes { Array($0) }, count: n, generator: &generator)
            ) {
                _ = try S.PrivateKey(rawRepresentation: $0)
            },
            Self.survive(
                Self.mutations(of: Array(key.publicKey.pemRepresentation.utf8), count: n, generator: &generator)
            ) {
                _ = try S.PublicKey(pemRepresentation: String(decoding: $0, as: UTF8.self))
            },
        ]
        #expect(results.allSatisfy { $0.accepted + $0.rejected == n })
        // Most mutations must be refused: a parser that accepts everything is broken too.
        #expect(results[0].rejected > n / 2 && results[1].rejected > n / 2)
    }

    @Test func signatureAndBoxParsers() {
        var generator = SplitMix64(state: 0xF00D)
        let p256 = P256.Signing.PrivateKey()
        let message = Array("fuzz".utf8)
        let der = Array((try? p256.signature(for: message).derRepresentation) ?? Data())
        let derResult = Self.survive(Self.mutations(of: der, count: 2000, generator: &generator)) {
            let signature = try P256.Signing.Signature(derRepresentation: $0)
            _ = p256.publicKey.isValidSignature(signature, for: message)
        }
        #expect(derResult.rejected > 1000)
        let sm2 = SM2.Signing.PrivateKey()
        let sm2Signature = Array((try? sm2.signature(for: message).rawRepresentation) ?? Data())
        let forged = Self.survive(Self.mutations(of: sm2Signature, count: 1000, generator: &generator)) {
            let signature = try SM2.Signing.Signature(rawRepresentation: $0)
            if sm2.publicKey.isValidSignature(signature, for: message), $0 != sm2Signature {
                Issue.record("a mutated SM2 signature verified")
            }
        }
        #expect(forged.accepted + forged.rejected == 1000)
        let key = SymmetricKey(size: 256)
        let combined = Array((try? AES.GCM.seal(message, using: key).combined) ?? Data())
        let opened = Self.survive(Self.mutations(of: combined, count: 2000, generator: &generator)) {
            _ = try AES.GCM.open(try AES.GCM.SealedBox(combined: $0), using: key)
        }
        #expect(opened.accepted == 0)
        let wrapped = (try? AES.KeyWrap.wrap(SymmetricKey(size: 256), using: key)) ?? []
        let unwrapped = Self.survive(Self.mutations(of: wrapped, count: 2000, generator: &generator)) {
            _ = try AES.KeyWrap.unwrap($0, using: key)
        }
        #expect(unwrapped.accepted == 0)
    }

    @Test func keyFileAndEncryptedPEMParsers() throws {
        var generator = SplitMix64(state: 0xC0FFEE)
        let cheap = try Scrypt.Parameters(n: 1 << 10, r: 1, p: 1)
        let file = try EncryptedKeyFile.seal(Ed25519.PrivateKey(), passphrase: [1, 2, 3], parameters: cheap)
        let binary = Self.survive(
            Self.mutations(of: Array(file.binaryRepresentation), count: 3000, generator: &generator)
        ) {
            _ = try EncryptedKeyFile(binaryRepresentation: $0).open(as: Ed25519.self, passphrase: [1, 2, 3])
        }
        #expect(binary.accepted == 0)
        let text = Self.survive(
            Self.mutations(of: Array(file.armoredRepresentation.utf8), count: 1000, generator: &generator)
        ) {
            _ = try EncryptedKeyFile(armoredRepresentation: String(decoding: $0, as: UTF8.self))
        }
        #expect(text.rejected > 900)
        let pem = try P256.Signing.PrivateKey().encryptedPEMRepresentation(passphrase: [9], iterations: 1)
        let der = try PEM.decode(label: "ENCRYPTED PRIVATE KEY", pem)
        let encrypted = Self.survive(Self.mutations(of: der, count: 1000, generator: &generator)) {
            _ = try P256.Signing.PrivateKey(
                encryptedPEMRepresentation: PEM.encode(label: "ENCRYPTED PRIVATE KEY", $0), passphrase: [9])
        }
        #expect(encrypted.accepted + encrypted.rejected == 1000)
    }
}
