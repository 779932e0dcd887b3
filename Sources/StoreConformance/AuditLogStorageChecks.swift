import Foundation
import WalletCrypto

/// The `AuditLogStorage` part of a store's contract, shared by the Authenticator's and the
/// vault's conformance checks: `transaction` runs a body on the store's audit log in one
/// transaction.
enum AuditLogStorageChecks {
    typealias Transaction<Store> = @Sendable (Store, (any AuditLogStorage) throws -> Void) throws -> Void

    static func checks<Store: Sendable>(
        _ make: (String, @escaping @Sendable (() throws -> Store) throws -> Void) -> ConformanceCheck<Store>,
        transaction: @escaping Transaction<Store>
    ) -> [ConformanceCheck<Store>] {
        [
            make("the audit log starts empty and keeps records and head exactly") { open in
                try roundTrip(try open(), transaction)
            },
            make("audit appends from several stores at once keep one gap-free order") { open in
                let stores = try (0..<4).map { _ in try open() }
                try ConcurrentRuns.run(16) { index in
                    for _ in 0..<5 { try append(stores[index % stores.count], transaction) }
                }
                try checkChain(stores[0], transaction, count: 80)
            },
            make("a batch of 300 audit records appended at once is kept in order") { open in
                let store = try open()
                try append(store, transaction)
                try transaction(store) { storage in
                    var head = try storage.auditLogHead()
                    let batch = (2...301).map { record(UInt64($0)) }
                    try storage.appendAuditRecords(batch)
                    for next in batch { head.append(leafHash: next.leafHash) }
                    try storage.saveAuditLogHead(head)
                }
                try checkChain(store, transaction, count: 301)
            },
            make("an audit append in a transaction that throws is not kept") { open in
                let store = try open()
                try append(store, transaction)
                try ConformanceFailure.expectThrows("the body's error was not rethrown") {
                    try transaction(store) { storage in
                        try appendRecord(storage)
                        throw ConformanceFailure("planned")
                    }
                }
                try checkChain(store, transaction, count: 1)
            },
        ]
    }

    /// A record whose bytes encode its sequence, so a reordering shows.
    static func record(_ sequence: UInt64) -> AuditRecord {
        AuditRecord(
            sequence: sequence, entry: Array("entry \(sequence) \u{0}\u{FF}".utf8) + [0, 0xFF],
            mac: (0..<32).map { UInt8(truncatingIfNeeded: Int(sequence) &+ $0) })
    }

    /// Reads the head, appends the next record and saves the head: what `AuditAppender` does.
    static func appendRecord(_ storage: any AuditLogStorage) throws {
        var head = try storage.auditLogHead()
        let next = record(head.size + 1)
        try storage.appendAuditRecord(next)
        head.append(leafHash: next.leafHash)
        try storage.saveAuditLogHead(head)
    }

    private static func append<Store>(_ store: Store, _ transaction: Transaction<Store>) throws {
        try transaction(store) { try appendRecord($0) }
    }

    private static func roundTrip<Store>(_ store: Store, _ transaction: Transaction<Store>) throws {
        try transaction(store) { storage in
            let head = try storage.auditLogHead()
            try ConformanceFailure.expect(head.size == 0 && head.hashes.isEmpty, "a new audit log is not empty")
            try ConformanceFailure.expect(try storage.auditRecords(from: 1, limit: 10).isEmpty, "a new log has records")
        }
        for _ in 0..<3 { try append(store, transaction) }
        try checkChain(store, transaction, count: 3)
        try transaction(store) { storage in
            let tail = try storage.auditRecords(from: 2, limit: 1)
            try ConformanceFailure.expect(tail == [record(2)], "auditRecords(from: 2, limit: 1) did not give record 2")
        }
    }

    /// Records 1...count, each exactly as written, and a head over exactly them.
    private static func checkChain<Store>(_ store: Store, _ transaction: Transaction<Store>, count: Int) throws {
        try transaction(store) { storage in
            let records = try storage.auditRecords(from: 1, limit: count + 10)
            try ConformanceFailure.expect(
                records == (1...UInt64(count)).map(record),
                "the log holds \(records.map(\.sequence)) instead of records 1...\(count) as written")
            var expected = MerkleFrontier()
            for record in records { expected.append(leafHash: record.leafHash) }
            try ConformanceFailure.expect(
                try storage.auditLogHead() == expected, "the stored head is not the tree of the stored records")
        }
    }
}
