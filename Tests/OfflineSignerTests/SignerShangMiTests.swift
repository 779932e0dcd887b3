import Foundation
import OfflineSigner
import TestSupport
import Testing
import WalletCrypto

/// SM2 keystores seal their key in the keyfile-v1 ShangMi profile (SM4-GCM) and record it.
@Suite("offline-signer ShangMi keystores", .serialized)
struct SignerShangMiTests {
    func keyFile(_ cli: SignerCLI, _ keystore: String) throws -> EncryptedKeyFile {
        try EncryptedKeyFile(contentsOfFile: keystore + "/key.wckey")
    }

    @Test func sm2KeystoresAndBackupsUseTheShangMiProfile() throws {
        try withTemporaryFolder("wc-signer-sm") { folder in
            let cli = SignerCLI(folder: folder)
            let (keystore, passphrase) = try cli.keystore("k", algorithm: "sm2")
            #expect(try keyFile(cli, keystore).profile == .shangMi)
            #expect(
                try String(contentsOfFile: keystore + "/keystore", encoding: .utf8).contains("\nprofile: ShangMi\n"))
            #expect(try Keystore(opening: keystore).profile == .shangMi)
            let (other, _) = try cli.keystore("e", algorithm: "ed25519")
            #expect(try keyFile(cli, other).profile == .standard)
            #expect(try !String(contentsOfFile: other + "/keystore", encoding: .utf8).contains("profile"))
            try cli.ok([
                "backup", "--keystore", keystore, "-o", cli.path("k.backup"), "--passphrase-file", passphrase,
                "--backup-passphrase-file", cli.file("b.pass", "backup passphrase 1\n"),
            ])
            try cli.ok([
                "restore", "--from", cli.path("k.backup"), "--keystore", cli.path("restored"),
                "--backup-passphrase-file", cli.path("b.pass"), "--passphrase-file", passphrase,
            ])
            #expect(try keyFile(cli, cli.path("restored")).profile == .shangMi)
            let request = try cli.request("r.request")
            try cli.ok([
                "sign", request, "--keystore", cli.path("restored"), "-o", cli.path("r.response"), "--yes",
                "--allow-network", "--passphrase-file", passphrase,
            ])
            try cli.ok([
                "verify", request, cli.path("r.response"), "--trusted-key", cli.path("k.pem"), "--threshold", "1",
            ])
        }
    }

    /// Someone at the signing machine edits the keystore file to claim the standard profile, or
    /// swaps in a key file of the other profile: the keystore is damaged (exit 3), nothing signs.
    @Test func aKeystoreWhoseProfileWasEditedIsDamaged() throws {
        try withTemporaryFolder("wc-signer-sm") { folder in
            let cli = SignerCLI(folder: folder)
            let (keystore, passphrase) = try cli.keystore("k", algorithm: "sm2")
            let description = keystore + "/keystore"
            let original = try String(contentsOfFile: description, encoding: .utf8)
            let request = try cli.request("r.request")
            let sign = [
                "sign", request, "--keystore", keystore, "-o", cli.path("r.response"), "--yes", "--allow-network",
                "--passphrase-file", passphrase,
            ]
            for edited in [
                original.replacingOccurrences(of: "profile: ShangMi\n", with: ""),
                original.replacingOccurrences(of: "profile: ShangMi\n", with: "profile: standard\n"),
                original.replacingOccurrences(of: "profile: ShangMi\n", with: "profile: shangmi\n"),
            ] {
                try Data(edited.utf8).write(to: URL(fileURLWithPath: description))
                try cli.fails(sign, status: 3, mentioning: "keystore", leavesNo: "r.response")
            }
        }
    }
}
