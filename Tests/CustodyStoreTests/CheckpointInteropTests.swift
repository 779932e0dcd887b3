import Foundation
import TestSupport
import Testing
import WalletCrypto

@testable import CardVault
@testable import CustodyStore

/// The vault's checkpoints and inclusion proofs checked by an independent implementation: a
/// Python verifier written here from the C2SP signed-note and tlog-checkpoint specs and RFC 9162
/// section 2.1.3.2, with Ed25519 from pyca/cryptography (installed by `scripts/test`). It gets only
/// the exported verifier key.
@Suite("Checkpoint interop with an independent verifier")
struct CheckpointInteropTests {
    static let verifier = #"""
        import base64, hashlib, json, sys
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        d = json.load(sys.stdin)
        name, keyid, key = d["vkey"].split("+", 2)
        key = base64.b64decode(key)
        assert key[0] == 1 and hashlib.sha256(name.encode() + b"\n\x01" + key[1:]).digest()[:4].hex() == keyid
        note = d["note"]
        text, sigs = note[: note.rindex("\n\n") + 1], note[note.rindex("\n\n") + 2 :]
        ok = False
        for line in sigs.splitlines():
            prefix = "\u2014 " + name + " "
            if line.startswith(prefix):
                blob = base64.b64decode(line[len(prefix):])
                if blob[:4].hex() == keyid:
                    Ed25519PublicKey.from_public_bytes(key[1:]).verify(blob[4:], text.encode())
                    ok = True
        assert ok
        origin, size, root, end = text.split("\n")
        assert origin == name and end == ""
        size, root = int(size), base64.b64decode(root)
        leaf = hashlib.sha256(b"\x00" + bytes.fromhex(d["entry"]) + bytes.fromhex(d["mac"])).digest()
        proof = bytes.fromhex(d["proof"])
        fn, sn, r = d["index"], size - 1, leaf
        assert fn < size
        for i in range(0, len(proof), 32):
            p = proof[i : i + 32]
            assert sn != 0
            if fn & 1 or fn == sn:
                r = hashlib.sha256(b"\x01" + p + r).digest()
                while not fn & 1 and fn != 0:
                    fn >>= 1; sn >>= 1
            else:
                r = hashlib.sha256(b"\x01" + r + p).digest()
            fn >>= 1; sn >>= 1
        assert sn == 0 and r == root
        print("ok")
        """#

    static func check(_ note: String, _ vkey: String, _ proof: AuditInclusionProof) throws -> Bool {
        let request: [String: Any] = [
            "note": note, "vkey": vkey, "entry": Hex.encode(proof.entry.encoded), "mac": Hex.encode(proof.mac),
            "index": Int(proof.entry.sequence - 1), "proof": Hex.encode(proof.path.flatMap { $0 }),
        ]
        let input = try JSONSerialization.data(withJSONObject: request)
        let (status, output) = try runProgram(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", verifier], input: Array(input))
        return status == 0 && String(decoding: output, as: UTF8.self).hasPrefix("ok")
    }

    @Test func pythonVerifiesTheCheckpointAndAnInclusionProof() throws {
        try withTemporaryFolder("wc-interop") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("bank")
            for pan in testPANs { _ = try vault.tokenize(try fixture.card(pan), tenant: "bank", actor: "api") }
            let note = try vault.checkpoint()
            let size = try Checkpoint(
                signedNote: note, verifiers: vault.auditVerifierKeys.map { try NoteVerifier(verifierKey: $0) }
            ).size
            let vkey = vault.auditVerifierKeys[0]
            for sequence in [1, 4, size] {
                let proof = try vault.auditInclusionProof(sequence: UInt64(sequence), treeSize: size)
                #expect(try Self.check(note, vkey, proof), "entry \(sequence)")
            }
            // The peer can fail: a proof of another entry, and a note with a changed size, are refused.
            let proof = try vault.auditInclusionProof(sequence: 2, treeSize: size)
            let other = try vault.auditInclusionProof(sequence: 3, treeSize: size)
            let wrong = AuditInclusionProof(entry: other.entry, mac: other.mac, treeSize: size, path: proof.path)
            #expect(try !Self.check(note, vkey, wrong))
            #expect(try !Self.check(note.replacingOccurrences(of: "\n\(size)\n", with: "\n\(size - 1)\n"), vkey, proof))
        }
    }
}
