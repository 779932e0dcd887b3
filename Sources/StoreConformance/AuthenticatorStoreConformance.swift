import OneTimePassword
import Synchronization
import WalletCrypto

/// The contract of `AuthenticatorStore`, as checks any implementation can run in its own tests
/// (`docs/store-conformance.md`). CustodyStore runs them unchanged against SQLite and PostgreSQL.
public enum AuthenticatorStoreConformance {
    /// One check of an `AuthenticatorStore`.
    public typealias Check = ConformanceCheck<any AuthenticatorStore>

    /// Every check.
    public static let checks: [Check] =
        [
            Check("a missing user reads as nil and nothing is written for nil", missing),
            Check("a record is written and read back exactly, also after reopening", roundTrip),
            Check("a body that throws writes nothing", rollback),
            Check("setting the record to nil deletes it with its recovery codes", delete),
            Check("user IDs are distinct as bytes (canonically equivalent IDs are two users)", byteIdentity),
            Check("concurrent updates of one user from several stores lose no update", isolation),
            Check("one code verified from 4 stores × 8 threads is accepted once", singleAcceptance),
            Check("users(withKeyVersionOtherThan:limit:) filters, orders by ID bytes and limits", usersByVersion),
        ]
        + AuditLogStorageChecks.checks(Check.init) { store, body in
            try store.withAuditLog { try body($0) }
        }

    /// A record with every field set, distinct per `seed`.
    static func record(_ seed: Int, lastStep: Int64? = 7) -> OTPFactorRecord {
        OTPFactorRecord(
            state: .active, algorithm: .sha256, digits: 8, period: 30, keyVersion: 2,
            sealedSecret: (0..<60).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ seed) }, lastStep: lastStep,
            drift: -1, failureCount: 3, lastFailureAt: 1_700_000_123, lockedAt: nil,
            recoveryCodeHashes: [[UInt8](repeating: 1, count: 32), [UInt8](repeating: 2, count: 32)],
            createdAt: 1_700_000_000 + Int64(seed))
    }

    private static func read(_ store: any AuthenticatorStore, _ user: String) throws -> OTPFactorRecord? {
        try store.updateFactor(of: user) { $0 }
    }

    private static func missing(_ open: () throws -> any AuthenticatorStore) throws {
        let store = try open()
        try ConformanceFailure.expect(try read(store, "nobody") == nil, "a missing user did not read as nil")
        try store.updateFactor(of: "nobody") { $0 = nil }
        try ConformanceFailure.expect(try read(store, "nobody") == nil, "writing nil created a record")
    }

    private static func roundTrip(_ open: () throws -> any AuthenticatorStore) throws {
        let store = try open()
        let written = record(1)
        try store.updateFactor(of: "alice") { $0 = written }
        try ConformanceFailure.expect(try read(store, "alice") == written, "the record read back differs")
        var pending = record(2, lastStep: nil)
        pending.state = .pending
        pending.recoveryCodeHashes = []
        pending.lastFailureAt = nil
        pending.lockedAt = 1_700_000_999
        try store.updateFactor(of: "bob") { $0 = pending }
        let reopened = try open()
        try ConformanceFailure.expect(try read(reopened, "alice") == written, "alice differs after reopening")
        try ConformanceFailure.expect(try read(reopened, "bob") == pending, "bob differs after reopening")
    }

    private static func rollback(_ open: () throws -> any AuthenticatorStore) throws {
        let store = try open()
        try store.updateFactor(of: "alice") { $0 = record(1) }
        try ConformanceFailure.expectThrows("the body's error was not rethrown") {
            try store.updateFactor(of: "alice") { record in
                record?.failureCount = 99
                throw ConformanceFailure("planned")
            }
        }
        try ConformanceFailure.expect(try read(store, "alice") == record(1), "a throwing body's change was written")
    }

    private static func delete(_ open: () throws -> any AuthenticatorStore) throws {
        let store = try open()
        try store.updateFactor(of: "alice") { $0 = record(1) }
        try store.updateFactor(of: "alice") { $0 = nil }
        try ConformanceFailure.expect(try read(store, "alice") == nil, "the deleted record is still there")
        var fresh = record(3)
        fresh.recoveryCodeHashes = []
        try store.updateFactor(of: "alice") { $0 = fresh }
        try ConformanceFailure.expect(
            try read(store, "alice")?.recoveryCodeHashes == [], "recovery codes outlived their record")
    }

    private static func byteIdentity(_ open: () throws -> any AuthenticatorStore) throws {
        let store = try open()
        let composed = "Caf\u{E9}"
        let decomposed = "Cafe\u{301}"
        try store.updateFactor(of: composed) { $0 = record(1) }
        try ConformanceFailure.expect(
            try read(store, decomposed) == nil, "a canonically equivalent user ID read another user's record")
        try store.updateFactor(of: decomposed) { $0 = record(2) }
        try ConformanceFailure.expect(try read(store, composed) == record(1), "writing one ID changed the other")
    }

    private static func isolation(_ open: () throws -> any AuthenticatorStore) throws {
        let stores = try (0..<4).map { _ in try open() }
        try stores[0].updateFactor(of: "alice") { $0 = record(1) }
        let before = try read(stores[0], "alice")!.failureCount
        try ConcurrentRuns.run(32) { index in
            for _ in 0..<5 {
                try stores[index % stores.count].updateFactor(of: "alice") { $0!.failureCount += 1 }
            }
        }
        let after = try read(stores[0], "alice")!.failureCount
        try ConformanceFailure.expect(
            after == before + 160, "160 concurrent increments left \(after - before): updates were lost")
    }

    private static func singleAcceptance(_ open: () throws -> any AuthenticatorStore) throws {
        let stores = try (0..<4).map { _ in try open() }
        for round in 0..<10 {
            let user = "user-\(round)"
            try stores[0].updateFactor(of: user) { $0 = record(round, lastStep: 100) }
            let accepted = Atomic<Int>(0)
            // Each thread "verifies" step 101: it accepts only when the stored last step is older.
            try ConcurrentRuns.run(32) { index in
                let won = try stores[index % stores.count].updateFactor(of: user) { record -> Bool in
                    guard let last = record!.lastStep, last < 101 else { return false }
                    record!.lastStep = 101
                    return true
                }
                if won { accepted.add(1, ordering: .relaxed) }
            }
            try ConformanceFailure.expect(
                accepted.load(ordering: .relaxed) == 1,
                "round \(round): \(accepted.load(ordering: .relaxed)) of 32 concurrent verifications accepted one code")
        }
    }

    private static func usersByVersion(_ open: () throws -> any AuthenticatorStore) throws {
        let store = try open()
        for (user, version) in [("b", 1), ("a", 1), ("c", 2), ("B", 1), ("é", 1)] {
            var written = record(1)
            written.keyVersion = version
            try store.updateFactor(of: user) { $0 = written }
        }
        let all = try store.users(withKeyVersionOtherThan: 2, limit: 10)
        try ConformanceFailure.expect(
            all.map { Array($0.utf8) } == ["B", "a", "b", "é"].map { Array($0.utf8) },
            "users not on version 2, in byte order, should be B a b é, got \(all)")
        let limited = try store.users(withKeyVersionOtherThan: 2, limit: 2)
        try ConformanceFailure.expect(limited.count == 2, "the limit of 2 gave \(limited.count) users")
    }
}
