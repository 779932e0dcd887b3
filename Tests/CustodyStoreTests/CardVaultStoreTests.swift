import Foundation
import Glibc
import TestSupport
import Testing
import WalletCrypto

@testable import CardVault
@testable import CustodyStore

/// A vault on a real SQLite file, with a clock the test moves.
struct VaultFixture {
    let path: String
    let kekPath: String
    /// The audit log's checkpoint file, written every `checkpointInterval` entries.
    let checkpointPath: String
    var checkpointInterval = 16
    let clock = TestClock(Date(timeIntervalSince1970: 1_790_000_000))

    init(folder: URL) throws {
        path = folder.appendingPathComponent("vault.sqlite").path
        kekPath = folder.appendingPathComponent("vault.kek").path
        checkpointPath = folder.appendingPathComponent("vault.checkpoints").path
        if !FileManager.default.fileExists(atPath: kekPath) {
            try VaultKeyring.writeInsecurePlaintextKeyFile(SymmetricKey(size: 256), to: kekPath)
        }
    }

    var auditOptions: AuditLogOptions {
        AuditLogOptions(
            origin: "bank.example/vault", checkpointFile: checkpointPath, checkpointInterval: checkpointInterval)
    }

    func open(_ keyring: VaultKeyring? = nil) throws -> CardVault {
        let clock = self.clock
        return try CardVault(
            store: SQLiteVaultStore(path: path),
            keyring: keyring ?? VaultKeyring([1: VaultKeyring.readInsecurePlaintextKeyFile(kekPath)]),
            auditLog: auditOptions, clock: { clock.now })
    }

    func card(_ pan: String, month: Int = 12, year: Int = 2030) throws -> Card {
        try Card(pan: pan, expiryMonth: month, expiryYear: year, now: clock.now)
    }

    func pan(_ vault: CardVault, _ token: String, tenant: String = "t1") throws -> String {
        try vault.withDetokenizedPAN(token, tenant: tenant, purpose: "test", actor: "tester") { pan in
            pan.withUnsafeDigits { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Runs raw SQL on the vault file, as an attacker with database access would.
    func sql(_ statement: String, _ values: [SQLValue] = []) throws {
        let database = try SQLiteDatabase(path: path, component: "vault", migrations: SQLVaultTransaction.migrations)
        try database.transaction { try $0.execute(statement, values) }
    }
}

/// Valid test PANs of several brands and lengths.
let testPANs = [
    "4111111111111111", "5555555555554444", "378282246310005", "6011111111111117", "3530111333300000",
    "6200000000000005", "36227206271667", "2223000048400011", "4111111111111111110",
]

/// Expects a VaultError with `code` whose reason names no test PAN.
func expectVault(_ code: VaultError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void)
{
    let error = expectError(code, sourceLocation: sourceLocation, body)
    #expect(!testPANs.contains { error?.reason.contains($0) ?? false }, sourceLocation: sourceLocation)
}

@Suite("Card vault on SQLite")
struct CardVaultStoreTests {
    @Test func tokenisesDetokenisesAndShowsOnlyAllowedMetadata() throws {
        try withTemporaryFolder("wc-vault") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("t1")
            try vault.createTenant("t2", policy: TokenPolicy(reuseExistingToken: false, keepFirstSix: true))
            for pan in testPANs {
                let token = try vault.tokenize(try fixture.card(pan), tenant: "t1", actor: "api")
                #expect(token.count == pan.count && token.suffix(4) == pan.suffix(4) && token != pan)
                #expect(try fixture.pan(vault, token) == pan)
                #expect(try vault.tokenize(try fixture.card(pan), tenant: "t1", actor: "api") == token)
                let metadata = try vault.metadata(token, tenant: "t1")
                #expect(metadata.lastFour == String(pan.suffix(4)) && !metadata.masked.contains(String(pan.prefix(6))))
                let fresh = try vault.tokenize(try fixture.card(pan), tenant: "t2", actor: "api")
                #expect(fresh.prefix(6) == pan.prefix(6))
                #expect(try vault.tokenize(try fixture.card(pan), tenant: "t2", actor: "api") != fresh)
                #expect(try vault.metadata(fresh, tenant: "t2").masked.hasPrefix(String(pan.prefix(6))))
            }
            let database =
                try Data(contentsOf: URL(fileURLWithPath: fixture.path))
                + ((try? Data(contentsOf: URL(fileURLWithPath: fixture.path + "-wal"))) ?? Data())
            for pan in testPANs {
                #expect(database.range(of: Data(pan.utf8)) == nil, "a PAN is in the file in the clear")
            }
            #expect(try vault.verifyAuditLog().size > 0)
        }
    }

    @Test func ff1TokensAndTheDomainRule() throws {
        try withTemporaryFolder("wc-vault") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("t1", policy: TokenPolicy(keepFirstSix: true, format: .ff1))
            let visa = try vault.tokenize(try fixture.card("4111111111111111"), tenant: "t1", actor: "api")
            #expect(visa.prefix(6) == "411111" && visa.suffix(4) == "1111")
            #expect(try fixture.pan(vault, visa) == "4111111111111111")
            // 15-digit Amex keeping six: 5 hidden digits, a domain of 10^5 < 10^6: a random token instead.
            let amex = try vault.tokenize(try fixture.card("378282246310005"), tenant: "t1", actor: "api")
            #expect(TokenFormat.conforms(amex, to: try PrimaryAccountNumber("378282246310005"), keepFirstSix: true))
            #expect(try fixture.pan(vault, amex) == "378282246310005")
        }
    }

    /// Many tasks tokenising the same PAN under the reuse policy all get one token.
    @Test func concurrentTokenisationOfOnePANGivesOneToken() async throws {
        try await withTemporaryFolder("wc-vault") { folder in
            let fixture = try VaultFixture(folder: folder)
            let first = try fixture.open()
            let second = try fixture.open()
            try first.createTenant("t1")
            let card = try fixture.card("5555555555554444")
            let tokens = await withTaskGroup(of: String?.self) { group in
                for index in 0..<64 {
                    let vault = index % 2 == 0 ? first : second
                    group.addTask { try? vault.tokenize(card, tenant: "t1", actor: "api") }
                }
                var tokens: Set<String?> = []
                for await token in group { tokens.insert(token) }
                return tokens
            }
            #expect(tokens.count == 1 && !tokens.contains(nil), "\(tokens)")
        }
    }

    @Test func tamperedCiphertextAndAuditRowsAreDetected() throws {
        try withTemporaryFolder("wc-vault") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("t1")
            let token = try vault.tokenize(try fixture.card("4111111111111111"), tenant: "t1", actor: "api")
            let other = try vault.tokenize(try fixture.card("5555555555554444"), tenant: "t1", actor: "api")
            try fixture.sql(
                """
                UPDATE vault_tokens SET sealed = CAST(substr(sealed, 1, 20)
                    || CASE WHEN substr(sealed, 21, 1) = X'FF' THEN X'00' ELSE X'FF' END || substr(sealed, 22) AS BLOB)
                WHERE token = ?
                """,
                [.text(token)])
            expectVault(.authenticationFailure) { _ = try fixture.pan(vault, token) }
            // A sealed card moved under another token does not open either.
            try fixture.sql(
                "UPDATE vault_tokens SET sealed = (SELECT sealed FROM vault_tokens WHERE token = ?) WHERE token = ?",
                [.text(other), .text(token)])
            expectVault(.authenticationFailure) { _ = try fixture.pan(vault, token) }
            #expect(try vault.verifyAuditLog().size >= 4)
        }
    }

    @Test func rotationAndRewrapKeepEveryTokenReadable() throws {
        try withTemporaryFolder("wc-vault") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            var tokens: [String: String] = [:]
            for tenant in ["t1", "t2", "t3"] {
                try vault.createTenant(tenant)
                for pan in testPANs.prefix(4) {
                    tokens[try vault.tokenize(try fixture.card(pan), tenant: tenant, actor: "api")] = tenant + " " + pan
                }
            }
            let newKEK = SymmetricKey(size: 256)
            #expect(try vault.rotate(to: newKEK, actor: "security-officer") == 2)
            #expect(try vault.rewrap(actor: "security-officer", limit: 2) == 2)
            #expect(try vault.rewrap(actor: "security-officer", limit: 2) == 1)
            #expect(try vault.rewrap(actor: "security-officer") == 0)
            try fixture.sql("SELECT 1")
            // Only the new KEK is needed now: no data key remains under version 1.
            let reopened = try fixture.open(
                try VaultKeyring([1: VaultKeyring.readInsecurePlaintextKeyFile(fixture.kekPath), 2: newKEK]))
            _ = reopened
            let onlyNew = try fixture.open(try VaultKeyring([2: newKEK]))
            for (token, value) in tokens {
                let parts = value.split(separator: " ")
                #expect(try fixture.pan(onlyNew, token, tenant: String(parts[0])) == String(parts[1]))
            }
            expectVault(.wrongKey) {
                _ = try CardVault(
                    store: SQLiteVaultStore(path: fixture.path), keyring: try VaultKeyring([2: SymmetricKey(size: 256)])
                )
            }
            #expect(try onlyNew.verifyAuditLog().size > 12)
        }
    }

    @Test func custodianComponentsOpenTheVaultOnlyAtTheThreshold() throws {
        try withTemporaryFolder("wc-vault") { folder in
            let fixture = try VaultFixture(folder: folder)
            let kek = try VaultKeyring.readInsecurePlaintextKeyFile(fixture.kekPath)
            let components = try CustodianComponent.split(kek, threshold: 2, count: 3).map(\.text)
            let vault = try fixture.open()
            try vault.createTenant("t1")
            let token = try vault.tokenize(try fixture.card("4111111111111111"), tenant: "t1", actor: "api")
            let rebuilt = try CustodianComponent.combine(
                [components[2], components[0]].map { try CustodianComponent(text: $0) })
            let dual = try fixture.open(try VaultKeyring([1: rebuilt]))
            #expect(try fixture.pan(dual, token) == "4111111111111111")
            // Too few components and a wrong key are told apart.
            expectError(CryptoError.Code.insufficientComponents) {
                _ = try CustodianComponent.combine([try CustodianComponent(text: components[1])])
            }
            // Components of another split combine to another key, which the check value refuses.
            let stranger = try CustodianComponent.split(SymmetricKey(size: 256), threshold: 2, count: 3)
            expectVault(.wrongKey) {
                _ = try fixture.open(try VaultKeyring([1: try CustodianComponent.combine([stranger[0], stranger[1]])]))
            }
        }
    }

    @Test func badInputWrongTenantExpiryDeleteShredAndPurge() throws {
        try withTemporaryFolder("wc-vault") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("t1")
            try vault.createTenant("t2")
            expectVault(.invalidCard) { _ = try fixture.card("4111111111111112") }
            expectVault(.invalidCard) { _ = try fixture.card("41111111111") }
            expectVault(.invalidCard) { _ = try fixture.card("4111-1111-1111-111O") }
            expectVault(.invalidCard) { _ = try fixture.card("4111111111111111", month: 1, year: 2020) }
            expectVault(.invalidParameter) {
                _ = try vault.tokenize(try fixture.card("4111111111111111"), tenant: "nobody", actor: "api")
            }
            // A restart that declares its tenants again: idempotent, and distinct from a malformed ID.
            expectVault(.tenantExists) { try vault.createTenant("t1") }
            #expect(try vault.ensureTenant("t1") == false)
            #expect(try vault.ensureTenant("t3") == true)
            expectVault(.tenantExists) { try vault.ensureTenant("t1", policy: TokenPolicy(reuseExistingToken: false)) }
            expectVault(.invalidParameter) { try vault.ensureTenant("T1") }
            let token = try vault.tokenize(
                try fixture.card("4111111111111111", month: 3, year: 2027), tenant: "t1", actor: "api")
            expectVault(.unknownToken) { _ = try fixture.pan(vault, token, tenant: "t2") }
            expectVault(.unknownToken) { _ = try fixture.pan(vault, "9999999999991111") }
            expectVault(.unknownToken) { _ = try fixture.pan(vault, "not a token") }
            expectVault(.invalidParameter) {
                _ = try vault.withDetokenizedPAN(token, tenant: "t1", purpose: "", actor: "api") { _ in 0 }
            }
            // The token expires with the card, and a purge removes it.
            fixture.clock.advance(86400 * 365 * 2)
            expectVault(.expiredToken) { _ = try fixture.pan(vault, token) }
            #expect(try vault.purgeExpired(actor: "janitor") == 1)
            expectVault(.unknownToken) { _ = try fixture.pan(vault, token) }
            // Delete and crypto-shred.
            let second = try vault.tokenize(try fixture.card("5555555555554444"), tenant: "t1", actor: "api")
            try vault.delete(second, tenant: "t1", actor: "api")
            expectVault(.unknownToken) { _ = try fixture.pan(vault, second) }
            let third = try vault.tokenize(try fixture.card("378282246310005"), tenant: "t2", actor: "api")
            try vault.shred(tenant: "t2", actor: "dpo")
            expectVault(.tenantShredded) { _ = try fixture.pan(vault, third, tenant: "t2") }
            expectVault(.tenantShredded) {
                _ = try vault.tokenize(try fixture.card("378282246310005"), tenant: "t2", actor: "api")
            }
            // Every action is recorded, and so is every refused detokenisation (unknown, wrong tenant, expired).
            #expect(try vault.verifyAuditLog().size == 15)
        }
    }

    @Test func batchTokeniseAndDetokenise() throws {
        try withTemporaryFolder("wc-vault") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("t1", policy: TokenPolicy(reuseExistingToken: false))
            let cards = try (0..<200).map { _ in try fixture.card(testPANs.randomElement()!) }
            let tokens = try vault.tokenize(cards, tenant: "t1", actor: "batch")
            #expect(Set(tokens).count == 200)
            let pans = try vault.withDetokenizedPANs(tokens, tenant: "t1", purpose: "settlement", actor: "batch") {
                pans in
                pans.map { $0.withUnsafeDigits { String(decoding: $0, as: UTF8.self) } }
            }
            #expect(pans == cards.map { $0.pan.withUnsafeDigits { String(decoding: $0, as: UTF8.self) } })
            // A bad card anywhere in a batch stores nothing.
            let before = try vault.verifyAuditLog().size
            expectVault(.invalidParameter) { _ = try vault.tokenize(cards, tenant: "nobody", actor: "batch") }
            #expect(try vault.verifyAuditLog().size == before)
        }
    }

    /// A batch is looked up and inserted as a whole, so one that repeats a card must still act as
    /// the cards one by one would: with token reuse, a PAN gets one token however often it comes
    /// and keeps the latest expiry; without it (FF1 here), each occurrence gets a token of its own.
    @Test(arguments: [TokenPolicy.Format.random, .ff1])
    func batchesThatRepeatACardActAsSingleCalls(_ format: TokenPolicy.Format) throws {
        try withTemporaryFolder("wc-vault") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("reuse", policy: TokenPolicy(reuseExistingToken: true, format: format))
            try vault.createTenant("fresh", policy: TokenPolicy(reuseExistingToken: false, format: format))
            let (a, b) = (testPANs[0], testPANs[1])
            let stored = try vault.tokenize(try fixture.card(a, year: 2029), tenant: "reuse", actor: "batch")
            let batch = try [(a, 2030), (b, 2030), (a, 2031), (a, 2028), (b, 2030)].map {
                try fixture.card($0.0, year: $0.1)
            }
            let tokens = try vault.tokenize(batch, tenant: "reuse", actor: "batch")
            #expect([tokens[0], tokens[2], tokens[3]].allSatisfy { $0 == stored })
            #expect(tokens[1] == tokens[4] && tokens[1] != stored)
            #expect(try vault.metadata(stored, tenant: "reuse").expiry.year == 2031)
            #expect(try fixture.pan(vault, stored, tenant: "reuse") == a)
            let fresh = try vault.tokenize(
                try [a, a, a, b].map { try fixture.card($0) }, tenant: "fresh", actor: "batch")
            #expect(Set(fresh).count == 4)
            #expect(try fresh.map { try fixture.pan(vault, $0, tenant: "fresh") } == [a, a, a, b])
            #expect(try vault.verifyAuditLog().size > 0)
        }
    }

    /// Findings of the review: NUL bytes, PANs passed as tokens, reissued cards, metadata edits and
    /// KEK versions the vault has not seen.
    @Test func hostileInputsAndEditsAreRefused() throws {
        try withTemporaryFolder("wc-vault") { folder in
            let fixture = try VaultFixture(folder: folder)
            let vault = try fixture.open()
            try vault.createTenant("t1")
            let token = try vault.tokenize(
                try fixture.card("4111111111111111", month: 1, year: 2027), tenant: "t1", actor: "api")
            // A token with a NUL neither matches the real token nor breaks the audit chain.
            expectVault(.unknownToken) { _ = try fixture.pan(vault, token + "\u{0}x") }
            expectVault(.unknownToken) { try vault.delete(token + "\u{0}x", tenant: "t1", actor: "api") }
            #expect(try fixture.pan(vault, token) == "4111111111111111")
            // A PAN passed where a token belongs is refused and audited without its digits.
            expectVault(.unknownToken) { _ = try fixture.pan(vault, "5555555555554444") }
            let entries = try vault.auditEntries()
            #expect(entries.contains { $0.action == "detokenize-refused" && $0.subject == "*4444" })
            #expect(!entries.contains { $0.subject.contains("555555555555") })
            _ = try vault.verifyAuditLog()
            // The reissued card keeps its token and takes the later expiry.
            #expect(
                try vault.tokenize(
                    try fixture.card("4111111111111111", month: 6, year: 2031), tenant: "t1", actor: "api") == token)
            #expect(try vault.metadata(token, tenant: "t1").expiry == (try CardExpiry(month: 6, year: 2031)))
            #expect(try fixture.pan(vault, token) == "4111111111111111")
            // The expiry is authenticated: moving it makes the record fail to open.
            try fixture.sql("UPDATE vault_tokens SET expires_at = expires_at + 86400 WHERE token = ?", [.text(token)])
            expectVault(.authenticationFailure) { _ = try fixture.pan(vault, token) }
            // An existing vault refuses a KEK version it has not recorded; rotate is the way in.
            expectVault(.wrongKey) {
                _ = try fixture.open(
                    try VaultKeyring([
                        1: VaultKeyring.readInsecurePlaintextKeyFile(fixture.kekPath), 3: SymmetricKey(size: 256),
                    ]))
            }
            expectError(CryptoError.Code.invalidParameter) {
                _ = try CustodianComponent.split(SymmetricKey(size: 256), threshold: 2, count: 1)
            }
        }
    }
}
