import Foundation
import TestSupport
import Testing
import WalletCrypto

@testable import CardVault
@testable import CustodyStore

/// The card vault's ShangMi profile: SM4-GCM data-key wrapping and records, HKDF-SM3 subkeys,
/// HMAC-SM3 fingerprints and check values, random tokens only.
@Suite("Card vault, ShangMi profile")
struct CardVaultShangMiTests {
    func shangMiRing(_ fixture: VaultFixture, extra: [Int: SymmetricKey] = [:]) throws -> VaultKeyring {
        var keys = [1: try VaultKeyring.readInsecurePlaintextKeyFile(fixture.kekPath)]
        keys.merge(extra) { $1 }
        return try VaultKeyring(keys, profile: .shangMi)
    }

    @Test func tokenisesDetokenisesRotatesAndRewrapsUnderShangMi() throws {
        try withTemporaryFolder("wc-vault-sm") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open(try shangMiRing(fixture))
            try vault.createTenant("t1")
            let tokens = try vault.tokenize(try testPANs.map { try fixture.card($0) }, tenant: "t1", actor: "tester")
            for (token, pan) in zip(tokens, testPANs) { #expect(try fixture.pan(vault, token) == pan) }
            // Reuse finds the same card through its HMAC-SM3 fingerprint.
            #expect(try vault.tokenize(try fixture.card(testPANs[0]), tenant: "t1", actor: "tester") == tokens[0])
            let version = try vault.rotate(to: SymmetricKey(size: 256), actor: "tester")
            #expect(try vault.rewrap(actor: "tester") == 1)
            #expect(try fixture.pan(vault, tokens[1]) == testPANs[1])
            #expect(version == 2)
            #expect(try vault.verifyAuditLog().size > 0)
        }
    }

    @Test func aVaultOfOneProfileIsRefusedUnderTheOther() throws {
        try withTemporaryFolder("wc-vault-sm") { folder in
            let fixture = try VaultFixture(folder: folder)
            let standard = try fixture.open()
            try standard.createTenant("t1")
            _ = try standard.tokenize(try fixture.card(testPANs[0]), tenant: "t1", actor: "tester")
            // The right key, the other profile: a clear refusal, not "wrong key".
            let refused = expectError(VaultError.Code.invalidParameter) {
                _ = try fixture.open(try shangMiRing(fixture))
            }
            #expect(refused?.reason.contains("profile") == true)
        }
        try withTemporaryFolder("wc-vault-sm") { folder in
            let fixture = try VaultFixture(folder: folder)
            _ = try fixture.open(try shangMiRing(fixture))
            expectVault(.invalidParameter) { _ = try fixture.open() }
            // Another key in either profile is still simply the wrong key.
            expectVault(.wrongKey) {
                _ = try fixture.open(try VaultKeyring([1: SymmetricKey(size: 256)], profile: .shangMi))
            }
        }
    }

    @Test func ff1IsRefusedBecauseItIsDefinedOverAESOnly() throws {
        try withTemporaryFolder("wc-vault-sm") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open(try shangMiRing(fixture))
            expectVault(.invalidParameter) { try vault.createTenant("t1", policy: TokenPolicy(format: .ff1)) }
        }
    }

    /// An attacker with database access swaps one tenant's sealed PAN into another token's row.
    @Test func movedOrEditedRecordsDoNotOpen() throws {
        try withTemporaryFolder("wc-vault-sm") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open(try shangMiRing(fixture))
            try vault.createTenant("t1")
            let first = try vault.tokenize(try fixture.card(testPANs[0]), tenant: "t1", actor: "tester")
            let second = try vault.tokenize(try fixture.card(testPANs[1]), tenant: "t1", actor: "tester")
            try fixture.sql(
                "UPDATE vault_tokens SET sealed = (SELECT sealed FROM vault_tokens WHERE token = ?) WHERE token = ?",
                [.text(first), .text(second)])
            expectVault(.authenticationFailure) { _ = try fixture.pan(vault, second) }
            #expect(try fixture.pan(vault, first) == testPANs[0])
        }
    }
}
