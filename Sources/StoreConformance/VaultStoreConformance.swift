import CardVault
import Synchronization
import WalletCrypto

/// The contract of `VaultStore` and `VaultTransaction`, as checks any implementation can run in
/// its own tests (`docs/store-conformance.md`). CustodyStore runs them unchanged against SQLite
/// and PostgreSQL.
public enum VaultStoreConformance {
    /// One check of a `VaultStore`.
    public typealias Check = ConformanceCheck<any VaultStore>

    /// Every check.
    public static let checks: [Check] =
        [
            Check("KEK check values are kept by version and a version is written once", checkValues),
            Check("tenants are written, replaced and listed by KEK version in ID byte order", tenants),
            Check("token records are kept exactly, found by token and by fingerprint, and deleted", records),
            Check("a replaced record keeps its token and reads back as the replacement", replacement),
            Check("a token and a tenant's fingerprint are unique; a missing fingerprint is not", uniqueness),
            Check("batch lookups by token and by fingerprint answer in order, nil where absent", batchLookups),
            Check("expired records are listed oldest first, up to the limit", expiry),
            Check("a transaction or token transaction that throws leaves nothing behind", rollback),
            Check("tokens and tenant IDs are distinct as bytes", byteIdentity),
            Check("concurrent tokenisations of one PAN from several stores store one token") {
                try oneTokenPerPAN($0, tokenTransactions: false)
            },
            Check("concurrent token transactions for one PAN from several stores store one token") {
                try oneTokenPerPAN($0, tokenTransactions: true)
            },
        ]
        + AuditLogStorageChecks.checks(Check.init) { store, body in
            try store.transaction { try body($0) }
        }

    static func tenant(_ id: String, version: Int = 1) -> TenantRecord {
        TenantRecord(
            id: id, policy: TokenPolicy(reuseExistingToken: true, keepFirstSix: true, format: .random),
            wrappedDataKey: [UInt8](repeating: 9, count: 40), kekVersion: version)
    }

    static func token(_ token: String, tenant: String = "bank", fingerprint: [UInt8]?, expiresAt: Int64 = 2_000_000_000)
        throws -> TokenRecord
    {
        TokenRecord(
            token: token, tenant: tenant, sealed: Array(token.utf8) + [0, 0xFF, 1], dataKeyVersion: 1,
            fingerprint: fingerprint, brand: .visa, length: 16, firstSix: "411111", lastFour: "1111",
            expiry: try CardExpiry(month: 12, year: 2030), expiresAt: expiresAt, createdAt: 1_700_000_000)
    }

    private static func checkValues(_ open: () throws -> any VaultStore) throws {
        let store = try open()
        try store.transaction { try ConformanceFailure.expect(try $0.kekCheckValues().isEmpty, "a new vault has KEKs") }
        try store.transaction { transaction in
            try transaction.saveKEKCheckValue([1, 2, 3], version: 1)
            try transaction.saveKEKCheckValue([4, 5, 6], version: 2)
        }
        try ConformanceFailure.expect(
            try open().transaction { try $0.kekCheckValues() } == [1: [1, 2, 3], 2: [4, 5, 6]],
            "the check values read back differ")
        try ConformanceFailure.expectThrows("a second check value for version 1 was accepted") {
            try store.transaction { try $0.saveKEKCheckValue([7], version: 1) }
        }
    }

    private static func tenants(_ open: () throws -> any VaultStore) throws {
        let store = try open()
        try store.transaction { transaction in
            for (id, version) in [("b", 1), ("a", 2), ("C", 1), ("d", 3)] {
                try transaction.saveTenant(tenant(id, version: version))
            }
            var replaced = tenant("d", version: 1)
            replaced.wrappedDataKey = nil
            replaced.policy = TokenPolicy(reuseExistingToken: false, keepFirstSix: false, format: .ff1)
            try transaction.saveTenant(replaced)
        }
        try store.transaction { transaction in
            var replaced = tenant("d", version: 1)
            replaced.wrappedDataKey = nil
            replaced.policy = TokenPolicy(reuseExistingToken: false, keepFirstSix: false, format: .ff1)
            try ConformanceFailure.expect(try transaction.tenant("d") == replaced, "the replaced tenant differs")
            try ConformanceFailure.expect(try transaction.tenant("a") == tenant("a", version: 2), "tenant a differs")
            try ConformanceFailure.expect(try transaction.tenant("e") == nil, "a missing tenant did not read as nil")
            let below = try transaction.tenants(withKEKVersionBelow: 2, limit: 10).map(\.id)
            try ConformanceFailure.expect(
                below.map { Array($0.utf8) } == ["C", "b", "d"].map { Array($0.utf8) },
                "tenants below KEK 2 in byte order should be C b d, got \(below)")
            try ConformanceFailure.expect(
                try transaction.tenants(withKEKVersionBelow: 2, limit: 1).count == 1, "the limit was ignored")
        }
    }

    private static func records(_ open: () throws -> any VaultStore) throws {
        let store = try open()
        let first = try token("tok_1", fingerprint: [1, 2, 3])
        let second = try token("tok_2", fingerprint: nil)
        try store.transaction { transaction in
            try transaction.saveTenant(tenant("bank"))
            try transaction.insert(first)
            try transaction.insert(second)
        }
        try open().transaction { transaction in
            try ConformanceFailure.expect(try transaction.record(token: "tok_1") == first, "tok_1 read back differs")
            try ConformanceFailure.expect(try transaction.record(token: "tok_2") == second, "tok_2 read back differs")
            try ConformanceFailure.expect(
                try transaction.record(tenant: "bank", fingerprint: [1, 2, 3]) == first, "lookup by fingerprint failed")
            try ConformanceFailure.expect(
                try transaction.record(tenant: "other", fingerprint: [1, 2, 3]) == nil,
                "a fingerprint was found under another tenant")
            try transaction.deleteRecord(token: "tok_1")
            try ConformanceFailure.expect(try transaction.record(token: "tok_1") == nil, "a deleted record is there")
        }
    }

    private static func replacement(_ open: () throws -> any VaultStore) throws {
        let store = try open()
        let first = try token("tok_1", fingerprint: [1, 2, 3])
        var reissued = try token("tok_1", fingerprint: [1, 2, 3], expiresAt: 2_100_000_000)
        reissued.sealed = [7, 7, 7]
        try store.transaction { transaction in
            try transaction.saveTenant(tenant("bank"))
            try transaction.insert(first)
        }
        try store.tokenTransaction { try $0.replace(reissued) }
        try open().transaction { transaction in
            try ConformanceFailure.expect(try transaction.record(token: "tok_1") == reissued, "the replacement differs")
            try ConformanceFailure.expect(
                try transaction.records(tenant: "bank", fingerprints: [[1, 2, 3]]) == [reissued],
                "the fingerprint does not find the replacement")
        }
    }

    private static func uniqueness(_ open: () throws -> any VaultStore) throws {
        let store = try open()
        try store.transaction { transaction in
            try transaction.saveTenant(tenant("bank"))
            try transaction.saveTenant(tenant("shop"))
            try transaction.insert(try token("tok_1", fingerprint: [1]))
            try transaction.insert(try token("tok_2", fingerprint: nil))
            try transaction.insert(try token("tok_3", fingerprint: nil))
            try transaction.insert(try token("tok_4", tenant: "shop", fingerprint: [1]))
        }
        try ConformanceFailure.expectThrows("a second record with token tok_1 was accepted") {
            try store.transaction { try $0.insert(try token("tok_1", fingerprint: [9])) }
        }
        try ConformanceFailure.expectThrows("a second record with one tenant's fingerprint was accepted") {
            try store.transaction { try $0.insert(try token("tok_5", fingerprint: [1])) }
        }
    }

    private static func batchLookups(_ open: () throws -> any VaultStore) throws {
        let store = try open()
        // 300 records: more than one chunk of any batch query a store may split into.
        let stored = try (0..<300).map { try token("tok_\($0)", fingerprint: [UInt8($0 % 256), UInt8($0 / 256)]) }
        try store.transaction { transaction in
            try transaction.saveTenant(tenant("bank"))
            for record in stored { try transaction.insert(record) }
        }
        try store.transaction { transaction in
            let asked = ["tok_299", "missing", "tok_0", "tok_e\u{301}", "tok_150", ""] + (0..<300).map { "tok_\($0)" }
            let found = try transaction.records(tokens: asked)
            let expected = [stored[299], nil, stored[0], nil, stored[150], nil] + stored
            try ConformanceFailure.expect(found == expected, "records(tokens:) did not answer each token in order")
            let prints = stored.reversed().map { $0.fingerprint! } + [[9, 9, 9]]
            let byPrint = try transaction.records(tenant: "bank", fingerprints: prints)
            try ConformanceFailure.expect(
                byPrint == stored.reversed() + [nil], "records(tenant:fingerprints:) did not answer in order")
            try ConformanceFailure.expect(
                try transaction.records(tenant: "shop", fingerprints: prints).allSatisfy { $0 == nil },
                "a batch fingerprint lookup crossed tenants")
            try ConformanceFailure.expect(try transaction.records(tokens: []).isEmpty, "an empty batch found records")
        }
    }

    private static func expiry(_ open: () throws -> any VaultStore) throws {
        let store = try open()
        try store.transaction { transaction in
            try transaction.saveTenant(tenant("bank"))
            for (name, time) in [("t3", 300), ("t1", 100), ("t2", 200), ("t9", 900)] {
                try transaction.insert(try token(name, fingerprint: nil, expiresAt: Int64(time)))
            }
        }
        try store.transaction { transaction in
            let expired = try transaction.records(expiringBefore: 300, limit: 10).map(\.token)
            try ConformanceFailure.expect(
                expired == ["t1", "t2", "t3"], "records expiring by 300 should be t1 t2 t3, got \(expired)")
            try ConformanceFailure.expect(
                try transaction.records(expiringBefore: 1000, limit: 2).map(\.token) == ["t1", "t2"],
                "the limit or the order was wrong")
        }
    }

    private static func rollback(_ open: () throws -> any VaultStore) throws {
        let store = try open()
        try ConformanceFailure.expectThrows("the body's error was not rethrown") {
            try store.transaction { transaction in
                try transaction.saveTenant(tenant("bank"))
                try transaction.saveKEKCheckValue([1], version: 1)
                throw ConformanceFailure("planned")
            }
        }
        try store.transaction { transaction in
            try ConformanceFailure.expect(
                try transaction.tenant("bank") == nil && transaction.kekCheckValues().isEmpty,
                "a throwing transaction left rows behind")
            try transaction.saveTenant(tenant("bank"))
        }
        try ConformanceFailure.expectThrows("the token transaction's error was not rethrown") {
            try store.tokenTransaction { transaction in
                try transaction.insert(try token("tok_1", fingerprint: [1]))
                throw ConformanceFailure("planned")
            }
        }
        try store.transaction { transaction in
            try ConformanceFailure.expect(
                try transaction.record(token: "tok_1") == nil, "a throwing token transaction left a record behind")
        }
    }

    private static func byteIdentity(_ open: () throws -> any VaultStore) throws {
        let store = try open()
        try store.transaction { transaction in
            try transaction.saveTenant(tenant("caf\u{E9}"))
            try ConformanceFailure.expect(
                try transaction.tenant("cafe\u{301}") == nil, "a canonically equivalent tenant ID found another tenant")
            try transaction.saveTenant(tenant("bank"))
            try transaction.insert(try token("tok_\u{E9}", fingerprint: nil))
            try ConformanceFailure.expect(
                try transaction.record(token: "tok_e\u{301}") == nil, "a canonically equivalent token found a record")
        }
    }

    /// What tokenisation does, from 16 workers on 4 stores: look the fingerprint up, insert a new
    /// token when absent; in `transaction`s, or in `tokenTransaction`s, which a store may run side
    /// by side but must still keep to one token per fingerprint.
    private static func oneTokenPerPAN(_ open: () throws -> any VaultStore, tokenTransactions: Bool) throws {
        let stores = try (0..<4).map { _ in try open() }
        try stores[0].transaction { try $0.saveTenant(tenant("bank")) }
        let created = Atomic<Int>(0)
        try ConcurrentRuns.run(16) { index in
            for pan in 0..<5 {
                let fingerprint: [UInt8] = [UInt8(pan), 0xAB]
                let store = stores[index % stores.count]
                let body = { (transaction: any VaultTransaction) throws -> Bool in
                    guard try transaction.record(tenant: "bank", fingerprint: fingerprint) == nil else { return false }
                    try transaction.insert(try token("tok_\(pan)_\(index)", fingerprint: fingerprint))
                    return true
                }
                let inserted = try tokenTransactions ? store.tokenTransaction(body) : store.transaction(body)
                if inserted { created.add(1, ordering: .relaxed) }
            }
        }
        try ConformanceFailure.expect(
            created.load(ordering: .relaxed) == 5,
            "16 concurrent tokenisations of 5 PANs stored \(created.load(ordering: .relaxed)) tokens instead of 5")
    }
}
