import Foundation
import TestSupport
import Testing

@testable import WalletCrypto

/// Every RFC 9180 test vector for DHKEM(X25519) and DHKEM(P-256): key derivation, encapsulation,
/// the key schedule, every encryption in sequence and every export, on both sides.
@Suite("HPKE RFC 9180 vectors")
struct HPKEVectorTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let index: Int
        let fields: [String: String]
        let encryptions: [[String: String]]
        let exports: [[String: String]]

        var testDescription: String {
            "vector \(index): mode \(fields["mode"]!) kem \(fields["kem_id"]!) kdf \(fields["kdf_id"]!) aead \(fields["aead_id"]!)"
        }

        func hex(_ name: String) throws -> [UInt8] {
            try Hex.decode(try #require(fields[name], "vector \(index) has no \(name)"))
        }
    }

    static let path = "hpke/rfc9180-test-vectors.kem-x25519-p256.json"

    static let vectors: [Vector] = {
        let url = VectorFile.upstreamFolder.appendingPathComponent(path)
        guard let data = try? Data(contentsOf: url),
            let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [] }
        func strings(_ object: [String: Any]) -> [String: String] {
            object.compactMapValues { ($0 as? String) ?? ($0 as? NSNumber)?.stringValue }
        }
        return array.enumerated().map { index, object in
            Vector(
                index: index, fields: strings(object),
                encryptions: (object["encryptions"] as? [[String: Any]] ?? []).map(strings),
                exports: (object["exports"] as? [[String: Any]] ?? []).map(strings))
        }
    }()

    /// Runs one vector; returns the encryptions and exports it checked.
    static func run(_ vector: Vector) throws -> (encryptions: Int, exports: Int) {
        let f = vector.fields
        let suite = HPKE.Ciphersuite(
            kem: try #require(HPKE.KEM(rawValue: UInt16(f["kem_id"]!)!)),
            kdf: try #require(HPKE.KDF(rawValue: UInt16(f["kdf_id"]!)!)),
            aead: try #require(HPKE.AEAD(rawValue: UInt16(f["aead_id"]!)!)))
        let mode = try #require(HPKE.Mode(rawValue: UInt8(f["mode"]!)!))
        let kem = HPKEKEM(kem: suite.kem)
        let recipient = try kem.deriveKeyPair(try vector.hex("ikmR"))
        let ephemeral = try kem.deriveKeyPair(try vector.hex("ikmE"))
        #expect(recipient.rawPrivateKey().withUnsafeBytes { Array($0) } == (try vector.hex("skRm")))
        #expect(recipient.rawPublicKey() == (try vector.hex("pkRm")))
        #expect(ephemeral.rawPublicKey() == (try vector.hex("pkEm")))
        let sender = f["ikmS"] == nil ? nil : try kem.deriveKeyPair(try vector.hex("ikmS"))
        if let sender { #expect(sender.rawPublicKey() == (try vector.hex("pkSm"))) }
        let psk = f["psk"] == nil ? nil : SecureBytes(try vector.hex("psk"))
        let pskID = f["psk_id"] == nil ? [] : try vector.hex("psk_id")
        let info = try vector.hex("info")
        var sealing = try HPKE.Sender(
            recipient: recipient.publicOnly(), suite: suite, mode: mode, info: info, sender: sender, psk: psk,
            pskID: pskID, ephemeral: ephemeral)
        #expect(Array(sealing.encapsulatedKey) == (try vector.hex("enc")))
        #expect(sealing.context.baseNonce == (suite.aead == .exportOnly ? [] : try vector.hex("base_nonce")))
        var opening = try HPKE.Recipient(
            recipient: recipient, suite: suite, mode: mode, info: info, enc: try vector.hex("enc"),
            sender: sender?.publicOnly(), psk: psk, pskID: pskID)
        for (sequence, encryption) in vector.encryptions.enumerated() {
            let (aad, pt, ct) = (
                try Hex.decode(encryption["aad"]!), try Hex.decode(encryption["pt"]!), try Hex.decode(encryption["ct"]!)
            )
            let sealed = try sealing.seal(pt, authenticating: aad)
            #expect(Array(sealed) == ct, "vector \(vector.index) encryption \(sequence)")
            #expect(
                Array(try opening.open(ct, authenticating: aad)) == pt, "vector \(vector.index) decryption \(sequence)")
        }
        for export in vector.exports {
            let context = try Hex.decode(export["exporter_context"]!)
            let count = Int(export["L"]!)!
            let expected = try Hex.decode(export["exported_value"]!)
            let ours = try sealing.exportSecret(context: context, outputByteCount: count)
            let theirs = try opening.exportSecret(context: context, outputByteCount: count)
            #expect(ours.withUnsafeBytes { Array($0) } == expected && theirs == ours, "vector \(vector.index) export")
        }
        return (vector.encryptions.count, vector.exports.count)
    }

    @Test("RFC 9180 vector", arguments: vectors)
    func vector(_ vector: Vector) throws {
        _ = try Self.run(vector)
    }

    @Test func summary() throws {
        guard !Self.vectors.isEmpty else {
            print("vectors \(Self.path): SKIPPED whole file: not found (../shared/vectors/upstream is absent)")
            return
        }
        var encryptions = 0
        var exports = 0
        for vector in Self.vectors {
            let counts = try Self.run(vector)
            encryptions += counts.encryptions
            exports += counts.exports
        }
        print(
            "vectors \(Self.path): \(Self.vectors.count) vectors, \(encryptions) encryptions, \(exports) exports passed"
        )
        #expect(Self.vectors.count == 64 && encryptions == 12_336 && exports == 192)
    }
}
