import Foundation
import Synchronization
import TestSupport
import Testing
import WalletCrypto

@testable import CardVault
@testable import CustodyStore

/// Several service nodes on one PostgreSQL database, each a store with its own connection pool,
/// racing where they meet: the vault's token transactions, which run side by side
/// (`VaultStore.tokenTransaction`), tenant creation, and schema migration at start-up. Every
/// outcome must be one a serial order could give.
@Suite(
    "PostgreSQL nodes side by side",
    .enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason), .serialized)
struct PostgresConcurrencyTests {
    static func nodes(_ count: Int, _ connection: String, _ folder: URL) throws -> [CardVault] {
        try (0..<count).map { _ in try PostgresProcessTests.vault(connection, folder: folder) }
    }

    /// A node that pauses 30 ms after each batch lookup, with the rows it found locked.
    static func pausingNode(_ connection: String, _ folder: URL) throws -> CardVault {
        let fixture = try VaultFixture(folder: folder)
        return try CardVault(
            store: PausingAfterLookups(
                store: PostgresVaultStore(connection: connection, poolSize: 2), pause: 0.030),
            keyring: VaultKeyring([1: VaultKeyring.readInsecurePlaintextKeyFile(fixture.kekPath)]),
            auditLog: AuditLogOptions(origin: "bank.example/vault"))
    }

    /// Runs a customer's delete of `token` on `node` and `other` at once, and returns the delete's
    /// error, if any. Every other round the delete starts 10 ms late, inside the pause of the
    /// other node (`pausingNode`), so both orders happen.
    static func raceDelete(of token: String, on node: CardVault, round: Int, against other: @Sendable () -> Void)
        -> String?
    {
        let failure = Mutex<String?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            guard side == 0 else { return other() }
            if round % 2 == 1 { usleep(10_000) }
            do {
                try node.delete(token, tenant: "t1", actor: "customer")
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
        }
        return failure.withLock { $0 }
    }

    /// Whether, among the log's last five entries, the last `first` entry about `token` comes
    /// before the last `then` entry about it (the log is in commit order). Throws when either
    /// is missing.
    static func logged(_ first: String, before then: String, of token: String, in node: CardVault) throws -> Bool {
        let entries = try node.auditEntries(from: max(1, try node.auditLogSize() - 4), limit: 5)
        let place = { (action: String) throws -> Int in
            try #require(
                entries.lastIndex {
                    Array($0.action.utf8) == Array(action.utf8) && $0.subject.utf8.elementsEqual(token.utf8)
                }, "no \(action) entry about the token")
        }
        return try place(first) < place(then)
    }

    static func card(_ pan: String, year: Int = 2030) throws -> Card {
        try Card(pan: pan, expiryMonth: 12, expiryYear: year)
    }

    /// 16 workers on 4 nodes tokenise overlapping windows of 300 PANs, each call a batch of 200 in
    /// its own order, three times: batches that share cards wait for each other (or lose and run
    /// again), never deadlock for good, and every PAN ends with exactly one token.
    @Test func overlappingBatchesInAnyOrderGiveOneTokenPerPAN() throws {
        try withTemporaryFolder("wc-pg-batches") { folder in
            let connection = try PostgresTestServer.database("vault_batches")
            let nodes = try Self.nodes(4, connection, folder)
            try nodes[0].ensureTenant("t1")
            let pans = PostgresProcessTests.pans(300)
            let seen = Mutex<[String: Set<String>]>([:])
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 16) { worker in
                for round in 0..<3 {
                    let start = (worker * 37 + round * 11) % 100
                    let batch = Array(pans[start..<(start + 200)]).shuffled()
                    do {
                        let tokens = try nodes[worker % 4].tokenize(
                            try batch.map { try Self.card($0) }, tenant: "t1", actor: "node\(worker % 4)")
                        seen.withLock { seen in
                            for (pan, token) in zip(batch, tokens) { seen[pan, default: []].insert(token) }
                        }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
            }
            #expect(failures.withLock { $0 } == [])
            let tokens = seen.withLock { $0 }
            #expect(tokens.values.allSatisfy { $0.count == 1 }, "a PAN got several tokens")
            let stored = try PostgresTestServer.psql(connection, "SELECT count(*) FROM vault_tokens")
            #expect(stored == String(tokens.count))
            let order = Array(tokens.keys)
            let back = try nodes[1].withDetokenizedPANs(
                order.map { tokens[$0]!.first! }, tenant: "t1", purpose: "check", actor: "test"
            ) { $0.map { $0.withUnsafeDigits { String(decoding: $0, as: UTF8.self) } } }
            #expect(back == order)
            // One entry per card of every call, one for the tenant and one per detokenised card.
            #expect(try nodes[2].verifyAuditLog().size == UInt64(16 * 3 * 200 + 1 + order.count))
        }
    }

    /// A delete of a token races a reissue of its card (same PAN, later expiry, which keeps the
    /// token) on a node that pauses after its lookup, so both orders happen: whichever runs first, the delete finds the token (it existed at every committed
    /// moment), and afterwards the deleted token never detokenises again. Without row locks the
    /// reissue would bring the deleted token back; with a reissue written as delete-and-insert,
    /// the delete could miss the row and report an unknown token.
    @Test func aDeleteRacingAReissueActsInOneOrder() throws {
        try withTemporaryFolder("wc-pg-reissue") { folder in
            let connection = try PostgresTestServer.database("vault_reissue")
            // The reissuing node pauses 30 ms after its lookup, with the card's row locked.
            let nodes = [
                try PostgresProcessTests.vault(connection, folder: folder), try Self.pausingNode(connection, folder),
            ]
            try nodes[0].ensureTenant("t1")
            let pans = PostgresProcessTests.pans(60)
            var kept = 0
            for (round, pan) in pans.enumerated() {
                let token = try nodes[0].tokenize(try Self.card(pan), tenant: "t1", actor: "issuer")
                let reissued = Mutex<Result<String, any Error>?>(nil)
                let deleteError = Self.raceDelete(of: token, on: nodes[0], round: round) {
                    let result = Result { () throws -> String in
                        try nodes[1].tokenize(try Self.card(pan, year: 2031), tenant: "t1", actor: "issuer")
                    }
                    reissued.withLock { $0 = result }
                }
                #expect(deleteError == nil, "the delete missed a token that always existed")
                let again = try #require(try reissued.withLock { $0 }?.get())
                let lookup = { (token: String) in
                    try nodes[0].withDetokenizedPAN(token, tenant: "t1", purpose: "check", actor: "test") {
                        $0.withUnsafeDigits { String(decoding: $0, as: UTF8.self) }
                    }
                }
                _ = expectError(VaultError.Code.unknownToken) { _ = try lookup(token) }
                // The reissue either ran first (and returned the token the delete then removed)
                // or after (and made a new token for the card). The audit log has commit order:
                // a reissue that kept the token must come before the delete.
                if again != token {
                    #expect(try lookup(again) == pan)
                } else {
                    kept += 1
                    #expect(
                        try Self.logged("tokenize", before: "delete", of: token, in: nodes[0]),
                        "the reissue kept a token the delete had already removed")
                }
            }
            print("delete against reissue: the reissue ran first \(kept) of \(pans.count) times")
            #expect((1..<pans.count).contains(kept), "one order never happened: the race was not run")
            #expect(try nodes[0].verifyAuditLog().size > UInt64(3 * pans.count))
        }
    }

    /// A detokenisation of a token races its delete, 60 times, on a node that pauses between its
    /// lookup and its commit. Whichever runs first, the audit log has that order: a
    /// detokenisation that returned the PAN is logged before the delete, never after it (without
    /// row locks it reads the row, the delete commits during the pause, and the PAN of a token
    /// whose delete was already acknowledged is handed out).
    @Test func aDetokenisationRacingADeleteActsInOneOrder() throws {
        try withTemporaryFolder("wc-pg-detokenise") { folder in
            let connection = try PostgresTestServer.database("vault_detokenise")
            let nodes = try Self.nodes(1, connection, folder)
            try nodes[0].ensureTenant("t1")
            let reader = try Self.pausingNode(connection, folder)
            var served = 0
            for (round, pan) in PostgresProcessTests.pans(60).enumerated() {
                let token = try nodes[0].tokenize(try Self.card(pan), tenant: "t1", actor: "issuer")
                let read = Mutex<String?>(nil)
                let deleteError = Self.raceDelete(of: token, on: nodes[0], round: round) {
                    let pan = try? reader.withDetokenizedPAN(token, tenant: "t1", purpose: "pay", actor: "app") {
                        $0.withUnsafeDigits { String(decoding: $0, as: UTF8.self) }
                    }
                    read.withLock { $0 = pan }
                }
                #expect(deleteError == nil)
                guard let got = read.withLock({ $0 }) else { continue }
                served += 1
                #expect(got == pan)
                #expect(
                    try Self.logged("detokenize", before: "delete", of: token, in: nodes[0]),
                    "a PAN was handed out after its token's delete was logged")
            }
            print("detokenise against delete: \(served) of 60 detokenisations ran first")
            #expect((1..<60).contains(served), "one order never happened: the race was not run")
        }
    }

    /// Eight nodes start at once on an empty database, each opening both stores: every one
    /// opens, and each component's schema is migrated once (the migration lock makes the others
    /// wait, then read the version the first wrote).
    @Test func nodesStartingAtOnceMigrateOnce() throws {
        let connection = try PostgresTestServer.database("migrate")
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { node in
            do {
                if node % 2 == 0 {
                    _ = try PostgresVaultStore(connection: connection, poolSize: 1)
                    _ = try PostgresAuthenticatorStore(connection: connection, poolSize: 1)
                } else {
                    _ = try PostgresAuthenticatorStore(connection: connection, poolSize: 1)
                    _ = try PostgresVaultStore(connection: connection, poolSize: 1)
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let versions = try PostgresTestServer.psql(
            connection, "SELECT string_agg(component || '=' || version, ',' ORDER BY component) FROM schema_migrations")
        #expect(versions == "otp=\(AuthenticatorTables.migrations.count),vault=\(SQLVaultTransaction.migrations.count)")
    }

    /// Eight workers on four nodes declare one new tenant at once and tokenise under it. Tenant
    /// changes exclude token transactions and each other, so exactly one data key is made and
    /// every worker's card opens with it.
    @Test func nodesDeclaringOneTenantAtOnceShareOneKey() throws {
        try withTemporaryFolder("wc-pg-tenant") { folder in
            let connection = try PostgresTestServer.database("vault_tenant")
            let nodes = try Self.nodes(4, connection, folder)
            let pans = PostgresProcessTests.pans(8)
            let created = Atomic<Int>(0)
            let tokens = Mutex<[Int: String]>([:])
            DispatchQueue.concurrentPerform(iterations: 8) { worker in
                let node = nodes[worker % 4]
                if (try? node.ensureTenant("fresh")) == true { created.add(1, ordering: .relaxed) }
                if let token = try? node.tokenize(try Self.card(pans[worker]), tenant: "fresh", actor: "node") {
                    tokens.withLock { $0[worker] = token }
                }
            }
            #expect(created.load(ordering: .relaxed) == 1)
            let issued = tokens.withLock { $0 }
            #expect(issued.count == 8)
            let back = try nodes[0].withDetokenizedPANs(
                (0..<8).map { issued[$0] ?? "" }, tenant: "fresh", purpose: "check", actor: "test"
            ) { $0.map { $0.withUnsafeDigits { String(decoding: $0, as: UTF8.self) } } }
            #expect(back == pans)
        }
    }
}

/// A vault store that pauses for `pause` after each batch lookup (by token or by fingerprint),
/// so the gap between a transaction's read and its commit, where a concurrent delete could slip
/// in, is wide enough to hit every time. Every other call is forwarded unchanged.
struct PausingAfterLookups: VaultStore {
    let store: any VaultStore
    /// Seconds.
    let pause: TimeInterval

    func transaction<T>(_ body: (any VaultTransaction) throws -> T) throws -> T {
        try store.transaction { try body(Transaction(inner: $0, pause: pause)) }
    }

    func tokenTransaction<T>(_ body: (any VaultTransaction) throws -> T) throws -> T {
        try store.tokenTransaction { try body(Transaction(inner: $0, pause: pause)) }
    }

    struct Transaction: VaultTransaction {
        let inner: any VaultTransaction
        let pause: TimeInterval

        func records(tokens: [String]) throws -> [TokenRecord?] {
            let found = try inner.records(tokens: tokens)
            Thread.sleep(forTimeInterval: pause)
            return found
        }

        func kekCheckValues() throws -> [Int: [UInt8]] { try inner.kekCheckValues() }
        func saveKEKCheckValue(_ value: [UInt8], version: Int) throws {
            try inner.saveKEKCheckValue(value, version: version)
        }
        func tenant(_ id: String) throws -> TenantRecord? { try inner.tenant(id) }
        func saveTenant(_ tenant: TenantRecord) throws { try inner.saveTenant(tenant) }
        func tenants(withKEKVersionBelow version: Int, limit: Int) throws -> [TenantRecord] {
            try inner.tenants(withKEKVersionBelow: version, limit: limit)
        }
        func record(token: String) throws -> TokenRecord? { try inner.record(token: token) }
        func record(tenant: String, fingerprint: [UInt8]) throws -> TokenRecord? {
            try inner.record(tenant: tenant, fingerprint: fingerprint)
        }
        func records(tenant: String, fingerprints: [[UInt8]]) throws -> [TokenRecord?] {
            let found = try inner.records(tenant: tenant, fingerprints: fingerprints)
            Thread.sleep(forTimeInterval: pause)
            return found
        }
        func insert(_ record: TokenRecord) throws { try inner.insert(record) }
        func insert(_ records: [TokenRecord]) throws { try inner.insert(records) }
        func replace(_ record: TokenRecord) throws { try inner.replace(record) }
        func deleteRecord(token: String) throws { try inner.deleteRecord(token: token) }
        func records(expiringBefore time: Int64, limit: Int) throws -> [TokenRecord] {
            try inner.records(expiringBefore: time, limit: limit)
        }
        func auditLogHead() throws -> MerkleFrontier { try inner.auditLogHead() }
        func saveAuditLogHead(_ head: MerkleFrontier) throws { try inner.saveAuditLogHead(head) }
        func appendAuditRecord(_ record: AuditRecord) throws { try inner.appendAuditRecord(record) }
        func appendAuditRecords(_ records: [AuditRecord]) throws { try inner.appendAuditRecords(records) }
        func auditRecords(from sequence: UInt64, limit: Int) throws -> [AuditRecord] {
            try inner.auditRecords(from: sequence, limit: limit)
        }
    }
}
