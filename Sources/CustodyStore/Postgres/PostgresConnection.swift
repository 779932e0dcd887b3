internal import CPostgres
import Foundation

/// One libpq connection with a cache of prepared statements, used by one transaction at a time
/// (`PostgresDatabase`'s pool hands it out), which is what makes the unchecked `Sendable` sound.
///
/// Values travel in libpq's binary format, both ways: integers as 8-byte big-endian `int8`,
/// text as UTF-8, blobs as raw `bytea`. Parameter types come from the server's description of
/// each prepared statement, so a value of the wrong kind is refused here rather than coerced.
///
/// Security contract: errors carry the server's message and SQLSTATE, never bound values or the
/// connection string (which may hold a password).
final class PostgresConnection: SQLConnection, @unchecked Sendable {
    private let handle: OpaquePointer
    /// Prepared statement name and parameter types, by the SQL text as written (with `?`).
    private var statements: [String: (name: String, types: [UInt32])] = [:]

    let dialect = SQLDialect.postgres

    /// While true (inside a transaction's body), statements with values that return nothing are
    /// sent in libpq's pipeline mode without waiting for their results. The results are read, and
    /// the first error thrown, before the next statement that returns rows or takes a lock, and
    /// before `COMMIT` (`flush`). A batch of 1,000 inserts then costs one round trip, not 1,000.
    var pipelining = false
    /// Statements sent in pipeline mode whose results are not read yet.
    private var pending = 0

    /// Connects with a libpq connection string (`key=value` pairs or a `postgresql://` URI).
    init(_ connectionString: String) throws(StoreError) {
        guard let handle = PQconnectdb(connectionString) else {
            throw StoreError(.unavailable, "cannot connect to PostgreSQL: out of memory")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.message(PQerrorMessage(handle))
            PQfinish(handle)
            throw StoreError(.unavailable, "cannot connect to PostgreSQL: \(message)")
        }
        self.handle = handle
        // Notices (such as "relation already exists, skipping") are not errors; keep them off stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// False once the connection broke; the pool then drops it and connects again.
    var isUsable: Bool { PQstatus(handle) == CONNECTION_OK }

    /// True between `BEGIN` and the end of the transaction (also when it failed and awaits ROLLBACK).
    var inTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    func execute(_ sql: String, _ values: [SQLValue]) throws(StoreError) {
        if pipelining && !values.isEmpty { return try send(sql, values) }
        try flush()
        if values.isEmpty && sql.contains(";") {
            let result = PQexec(handle, sql)
            defer { PQclear(result) }
            try check(result, "executing statements")
            return
        }
        _ = try run(sql, values, collect: false)
    }

    func rows(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> [[SQLValue]] {
        try flush()
        return try run(sql, values, collect: true)
    }

    /// Sends one statement in pipeline mode without reading its result.
    private func send(_ sql: String, _ values: [SQLValue]) throws(StoreError) {
        if statements[sql] == nil { try flush() }
        let statement = try prepared(sql)
        let buffers = try encode(values, for: statement)
        if pending == 0 && PQenterPipelineMode(handle) != 1 {
            throw StoreError(.databaseFailure, "libpq could not enter pipeline mode")
        }
        let sent = withParameters(buffers) { pointers, lengths, formats in
            PQsendQueryPrepared(handle, statement.name, Int32(buffers.count), pointers, lengths, formats, 1)
        }
        pending += 1
        guard sent == 1 else {
            throw StoreError(.unavailable, "the PostgreSQL connection broke while sending a statement")
        }
    }

    /// Reads the results of every statement sent in pipeline mode and leaves pipeline mode;
    /// throws the first error among them.
    func flush() throws(StoreError) {
        guard pending > 0 else { return }
        let count = pending
        pending = 0
        guard PQpipelineSync(handle) == 1 else {
            throw StoreError(.unavailable, "the PostgreSQL connection broke while sending statements")
        }
        var failure: StoreError?
        for _ in 0..<count {
            // Each statement's results end with a null result.
            while let result = PQgetResult(handle) {
                if failure == nil {
                    do throws(StoreError) {
                        try check(result, "running a statement")
                    } catch {
                        failure = error
                    }
                }
                PQclear(result)
            }
        }
        // The synchronisation point, after which the connection is idle again.
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        _ = PQexitPipelineMode(handle)
        if let failure { throw failure }
        guard isUsable else { throw StoreError(.unavailable, "the PostgreSQL connection broke") }
    }

    func lock(_ key: String, shared: Bool) throws(StoreError) {
        // A 64-bit hash of the name: a collision only makes two keys wait for each other.
        _ = try rows(
            shared
                ? "SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))"
                : "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [.text(key)])
    }

    private func run(_ sql: String, _ values: [SQLValue], collect: Bool) throws(StoreError) -> [[SQLValue]] {
        let statement = try prepared(sql)
        let buffers = try encode(values, for: statement)
        let result = withParameters(buffers) { pointers, lengths, formats in
            PQexecPrepared(handle, statement.name, Int32(buffers.count), pointers, lengths, formats, 1)
        }
        defer { PQclear(result) }
        try check(result, "running a statement")
        guard collect else { return [] }
        var rows: [[SQLValue]] = []
        for row in 0..<PQntuples(result) {
            var values: [SQLValue] = []
            for column in 0..<PQnfields(result) { values.append(try Self.decode(result!, row, column)) }
            rows.append(values)
        }
        return rows
    }

    /// Each value in libpq's binary format for its parameter's type.
    private func encode(_ values: [SQLValue], for statement: (name: String, types: [UInt32])) throws(StoreError)
        -> [[UInt8]?]
    {
        guard statement.types.count == values.count else {
            throw StoreError(
                .databaseFailure, "a statement takes \(statement.types.count) values but was given \(values.count)")
        }
        var buffers: [[UInt8]?] = []
        for (value, type) in zip(values, statement.types) { buffers.append(try Self.encode(value, as: type)) }
        return buffers
    }

    /// Calls `body` with C arrays of the parameters' pointers, lengths and formats (all binary).
    private func withParameters<R>(
        _ buffers: [[UInt8]?],
        _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        // Each buffer is copied into one allocation that lives until `body` returns.
        let total = buffers.reduce(0) { $0 + ($1?.count ?? 0) }
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 1)
        defer { storage.deallocate() }
        var pointers: [UnsafePointer<CChar>?] = []
        var lengths: [Int32] = []
        var offset = 0
        for buffer in buffers {
            guard let buffer else {
                pointers.append(nil)
                lengths.append(0)
                continue
            }
            let start = storage.baseAddress! + offset
            buffer.withUnsafeBytes {
                start.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(start), byteCount: $0.count)
            }
            pointers.append(UnsafePointer(start.assumingMemoryBound(to: CChar.self)))
            lengths.append(Int32(buffer.count))
            offset += buffer.count
        }
        let formats = [Int32](repeating: 1, count: buffers.count)
        return pointers.withUnsafeBufferPointer { pointers in
            lengths.withUnsafeBufferPointer { lengths in
                formats.withUnsafeBufferPointer { formats in
                    body(pointers.baseAddress, lengths.baseAddress, formats.baseAddress)
                }
            }
        }
    }

    private func prepared(_ sql: String) throws(StoreError) -> (name: String, types: [UInt32]) {
        if let statement = statements[sql] { return statement }
        let name = "wc\(statements.count)"
        let prepared = PQprepare(handle, name, Self.numbered(sql), 0, nil)
        defer { PQclear(prepared) }
        try check(prepared, "preparing a statement")
        let description = PQdescribePrepared(handle, name)
        defer { PQclear(description) }
        try check(description, "describing a statement")
        let types = (0..<PQnparams(description)).map { UInt32(PQparamtype(description, $0)) }
        statements[sql] = (name, types)
        return (name, types)
    }

    /// `sql` with each `?` outside quotes replaced by `$1`, `$2`, ...
    static func numbered(_ sql: String) -> String {
        var output = ""
        var count = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                count += 1
                output += "$\(count)"
            } else {
                output.append(character)
            }
        }
        return output
    }

    // Type OIDs from PostgreSQL's catalogue (pg_type.dat); stable across versions.
    private static let bool: UInt32 = 16
    private static let bytea: UInt32 = 17
    private static let name: UInt32 = 19
    private static let int8: UInt32 = 20
    private static let int2: UInt32 = 21
    private static let int4: UInt32 = 23
    private static let text: UInt32 = 25
    private static let varchar: UInt32 = 1043
    private static let void: UInt32 = 2278
    /// The array types `SQLValue.list` binds to, by their element type.
    private static let arrays: [UInt32: UInt32] = [1001: bytea, 1009: text, 1016: int8]

    private static func encode(_ value: SQLValue, as type: UInt32) throws(StoreError) -> [UInt8]? {
        switch (value, type) {
        case (.null, _): return nil
        case (.integer(let integer), int8): return withUnsafeBytes(of: integer.bigEndian, Array.init)
        case (.integer(let integer), int4):
            guard let narrow = Int32(exactly: integer) else { throw mismatch(type) }
            return withUnsafeBytes(of: narrow.bigEndian, Array.init)
        case (.text(let text), Self.text), (.text(let text), varchar): return Array(text.utf8)
        case (.blob(let bytes), bytea): return bytes
        case (.list(let elements), _):
            guard let element = arrays[type] else { throw mismatch(type) }
            return try array(elements, of: element)
        default: throw mismatch(type)
        }
    }

    /// A one-dimensional array in PostgreSQL's binary format (array_send): dimensions, a has-nulls
    /// flag, the element type, the length and lower bound 1, then each element as a 4-byte length
    /// (-1 for NULL) and its own binary form.
    private static func array(_ elements: [SQLValue], of element: UInt32) throws(StoreError) -> [UInt8] {
        var out: [UInt8] = []
        func int32(_ value: Int32) { withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) } }
        int32(1)
        int32(elements.contains(.null) ? 1 : 0)
        int32(Int32(bitPattern: element))
        int32(Int32(elements.count))
        int32(1)
        for value in elements {
            guard let bytes = try encode(value, as: element) else {
                int32(-1)
                continue
            }
            int32(Int32(bytes.count))
            out += bytes
        }
        return out
    }

    private static func mismatch(_ type: UInt32) -> StoreError {
        StoreError(.databaseFailure, "a value does not match its parameter's type (OID \(type))")
    }

    private static func decode(_ result: OpaquePointer, _ row: Int32, _ column: Int32) throws(StoreError) -> SQLValue {
        if PQgetisnull(result, row, column) == 1 { return .null }
        let count = Int(PQgetlength(result, row, column))
        let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, row, column), count: count)
        let integer = { (width: Int) throws(StoreError) -> Int64 in
            guard count == width else { throw StoreError(.corruptRecord, "an integer column has \(count) bytes") }
            // Big-endian, sign-extended from `width` bytes.
            let unsigned = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let shift = UInt64(64 - 8 * width)
            return Int64(bitPattern: unsigned << shift) >> shift
        }
        switch UInt32(PQftype(result, column)) {
        case int8: return .integer(try integer(8))
        case int4: return .integer(try integer(4))
        case int2: return .integer(try integer(2))
        case bool: return .integer(try integer(1))
        case text, varchar, name: return .text(String(decoding: bytes, as: UTF8.self))
        case bytea: return .blob(Array(bytes))
        case void: return .null
        case let type: throw StoreError(.databaseFailure, "a result column has an unexpected type (OID \(type))")
        }
    }

    /// Throws for a result that is not a success, classifying it by SQLSTATE.
    private func check(_ result: OpaquePointer?, _ what: String) throws(StoreError) {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK { return }
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        let message =
            result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "M"))) }.map { String(cString: $0) }
            ?? Self.message(PQerrorMessage(handle))
        guard isUsable, let state else {
            throw StoreError(.unavailable, "the PostgreSQL connection broke while \(what): \(message)")
        }
        let code: StoreError.Code =
            switch state {
            case "40001", "40P01": .conflict
            // Class 08 (connection exception), 57P01-57P03 (the server is shutting down or starting).
            case _ where state.hasPrefix("08") || state.hasPrefix("57P"): .unavailable
            default: .databaseFailure
            }
        let constraint = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "n"))) }.map { String(cString: $0) }
        throw StoreError(
            code, "PostgreSQL failed \(what): \(message) (SQLSTATE \(state))", sqlState: state, constraint: constraint)
    }

    private static func message(_ text: UnsafePointer<CChar>?) -> String {
        text.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "no message"
    }
}
