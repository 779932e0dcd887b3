import Foundation
import TestSupport
import Testing
import WalletCrypto

@testable import CardVault
@testable import CustodyStore

/// An attacker who can read and write the vault's SQLite file edits and moves record metadata; a
/// caller names another tenant with a lookalike ID. Each is refused, and the real tenant's data is
/// neither read nor deleted.
@Suite("Card vault records against a database attacker")
struct VaultRecordAttackTests {
    /// The row's value in `column`, read straight from the file.
    static func column(_ fixture: VaultFixture, _ column: String, _ token: String) throws -> SQLValue? {
        let database = try SQLiteDatabase(
            path: fixture.path, component: "vault", migrations: SQLVaultTransaction.migrations)
        return try database.transaction {
            try $0.rows("SELECT \(column) FROM vault_tokens WHERE token = ?", [.text(token)]).first?.first
        }
    }

    @Test func aFingerprintMovedBetweenRowsIsRefused() throws {
        try withTemporaryFolder("wc-vault-attack") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("bank")
            let visa = try vault.tokenize(try fixture.card("4111111111111111"), tenant: "bank", actor: "api")
            let master = try vault.tokenize(try fixture.card("5555555555554444"), tenant: "bank", actor: "api")
            // Move …1111's fingerprint onto …4444's row, as the attacker did (the unique index
            // wants the source row's fingerprint out of the way first).
            try fixture.sql(
                "UPDATE vault_tokens SET fingerprint = CAST(X'00' || fingerprint AS BLOB) WHERE token = ?",
                [.text(visa)])
            try fixture.sql(
                """
                UPDATE vault_tokens SET fingerprint = CAST(substr((SELECT fingerprint FROM vault_tokens WHERE token = ?1), 2)
                    AS BLOB) WHERE token = ?2
                """, [.text(visa), .text(master)])
            // tokenize of …1111 now finds …4444's row; it must refuse instead of returning that token.
            expectVault(.authenticationFailure) {
                _ = try vault.tokenize(try fixture.card("4111111111111111"), tenant: "bank", actor: "api")
            }
            expectVault(.authenticationFailure) { _ = try fixture.pan(vault, visa, tenant: "bank") }
            expectVault(.authenticationFailure) { _ = try vault.metadata(master, tenant: "bank") }
        }
    }

    @Test(arguments: [
        ("brand", "'amex'"), ("last_four", "'9999'"), ("expiry_year", "expiry_year + 1"),
        ("expiry_month", "1 + expiry_month % 12"), ("expires_at", "expires_at + 86400"), ("length", "length + 1"),
        ("first_six", "'400000'"), ("data_key_version", "2"), ("token", "'4111111111119991'"),
    ])
    func editedMetadataMakesTheRecordFailToOpen(column: String, value: String) throws {
        try withTemporaryFolder("wc-vault-attack") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("bank", policy: TokenPolicy(keepFirstSix: true))
            var token = try vault.tokenize(try fixture.card("4111111111111111"), tenant: "bank", actor: "api")
            let before = try Self.column(fixture, column, token)
            try fixture.sql("UPDATE vault_tokens SET \(column) = \(value) WHERE token = ?", [.text(token)])
            if column == "token" { token = "4111111111119991" }
            #expect(try Self.column(fixture, column, token) != before, "the edit did not happen")
            expectVault(.authenticationFailure) { _ = try vault.metadata(token, tenant: "bank") }
            expectVault(.authenticationFailure) { _ = try fixture.pan(vault, token, tenant: "bank") }
            expectVault(.authenticationFailure) { try vault.delete(token, tenant: "bank", actor: "api") }
            #expect(try Self.column(fixture, "token", token) != nil, "a refused delete deleted the row")
        }
    }

    @Test func aRecordMovedOrCopiedToAnotherTenantIsRefused() throws {
        try withTemporaryFolder("wc-vault-attack") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("bank")
            try vault.createTenant("shop")
            let token = try vault.tokenize(try fixture.card("4111111111111111"), tenant: "bank", actor: "api")
            // A copy under a fresh token in the other tenant.
            let copy = String(token.prefix(4)) + (token.dropFirst(4).first == "0" ? "1" : "0") + token.dropFirst(5)
            try fixture.sql(
                """
                INSERT INTO vault_tokens SELECT ?, 'shop', sealed, data_key_version, NULL, brand, length, first_six,
                    last_four, expiry_month, expiry_year, expires_at, created_at FROM vault_tokens WHERE token = ?
                """, [.text(copy), .text(token)])
            expectVault(.authenticationFailure) { _ = try fixture.pan(vault, copy, tenant: "shop") }
            expectVault(.authenticationFailure) { _ = try vault.metadata(copy, tenant: "shop") }
            // The original moved to the other tenant: refused there, and not deleted by it.
            try fixture.sql("UPDATE vault_tokens SET tenant = 'shop' WHERE token = ?", [.text(token)])
            expectVault(.authenticationFailure) { _ = try fixture.pan(vault, token, tenant: "shop") }
            expectVault(.authenticationFailure) { try vault.delete(token, tenant: "shop", actor: "api") }
            expectVault(.unknownToken) { _ = try fixture.pan(vault, token, tenant: "bank") }
            try fixture.sql("UPDATE vault_tokens SET tenant = 'bank' WHERE token = ?", [.text(token)])
            #expect(try fixture.pan(vault, token, tenant: "bank") == "4111111111111111")
        }
    }

    /// The lookalikes: each is refused at every entry point, nothing of `bank`, `cafe` or
    /// `kbank` is read or deleted, and the audit log records no lookalike name.
    @Test(arguments: [
        "Cafe\u{301}", "Caf\u{E9}", "\u{212A}Bank", "KBank", "bank ", " bank", "ｂａｎｋ", "BANK", "bank\u{0}",
        "b\u{430}nk", "", String(repeating: "a", count: 65),
    ])
    func lookalikeTenantIDsAreRefused(lookalike: String) throws {
        try withTemporaryFolder("wc-vault-attack") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            for tenant in ["bank", "cafe", "kbank"] { try vault.createTenant(tenant) }
            let token = try vault.tokenize(try fixture.card("4111111111111111"), tenant: "bank", actor: "api")
            let entries = try vault.verifyAuditLog().size
            expectVault(.invalidParameter) { try vault.createTenant(lookalike) }
            expectVault(.invalidParameter) {
                _ = try vault.tokenize(try fixture.card("5555555555554444"), tenant: lookalike, actor: "api")
            }
            expectVault(.invalidParameter) { _ = try fixture.pan(vault, token, tenant: lookalike) }
            expectVault(.invalidParameter) { _ = try vault.metadata(token, tenant: lookalike) }
            expectVault(.invalidParameter) { try vault.delete(token, tenant: lookalike, actor: "api") }
            expectVault(.invalidParameter) { try vault.shred(tenant: lookalike, actor: "api") }
            expectVault(.invalidParameter) {
                _ = try vault.tokenize(try fixture.card("5555555555554444"), tenant: "bank", actor: lookalike)
            }
            #expect(try fixture.pan(vault, token, tenant: "bank") == "4111111111111111")
            // Nothing was recorded for the refused calls (only the check above).
            #expect(try vault.verifyAuditLog().size == entries + 1)
        }
    }

    /// Moving a live token's expiry into the past does not get it purged.
    @Test func anExpiryMovedIntoThePastIsNotPurged() throws {
        try withTemporaryFolder("wc-vault-attack") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("bank")
            let token = try vault.tokenize(try fixture.card("4111111111111111"), tenant: "bank", actor: "api")
            try fixture.sql("UPDATE vault_tokens SET expires_at = 1000 WHERE token = ?", [.text(token)])
            #expect(try vault.purgeExpired(actor: "janitor") == 0)
            #expect(try Self.column(fixture, "token", token) != nil)
            #expect(try vault.auditEntries().contains { $0.action == "purge-refused" && $0.subject == token })
        }
    }

    /// A vault written by format 1 (before every field was authenticated) is refused when opened.
    @Test func aFormatOneVaultIsRefused() throws {
        try withTemporaryFolder("wc-vault-attack") { folder in
            let path = folder.appendingPathComponent("old.sqlite").path
            let old = try SQLiteDatabase(
                path: path, component: "vault", migrations: Array(SQLVaultTransaction.migrations.prefix(1)))
            try old.transaction { connection in
                try connection.execute(
                    "INSERT INTO vault_tenants VALUES ('bank', 1, 0, 'random', X'00', 1)")
                try connection.execute(
                    """
                    INSERT INTO vault_tokens VALUES ('9999999999991111', 'bank', X'00', 1, NULL, 'visa', 16, NULL,
                        '1111', 12, 2030, 1924991999, 1790000000)
                    """)
            }
            expectError(StoreError.Code.incompatibleSchema) { _ = try SQLiteVaultStore(path: path) }
        }
    }

    /// A tenant row written under a lookalike ID straight into the database is not reachable through
    /// the API, and the real tenant's records are not readable under it.
    @Test func aLookalikeTenantRowInsertedWithSQLIsUnreachable() throws {
        try withTemporaryFolder("wc-vault-attack") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("bank")
            let token = try vault.tokenize(try fixture.card("4111111111111111"), tenant: "bank", actor: "api")
            try fixture.sql(
                """
                INSERT INTO vault_tenants SELECT 'bank ', reuse_tokens, keep_first_six, format, wrapped_key, kek_version
                FROM vault_tenants WHERE id = 'bank'
                """)
            expectVault(.invalidParameter) { _ = try fixture.pan(vault, token, tenant: "bank ") }
            #expect(try fixture.pan(vault, token, tenant: "bank") == "4111111111111111")
        }
    }
}
