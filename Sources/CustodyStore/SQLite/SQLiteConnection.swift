internal import CSQLite

/// An open `sqlite3` handle with a cache of prepared statements. Used only under
/// `SQLiteDatabase`'s mutex, which is what makes the unchecked `Sendable` sound.
final class SQLiteConnection: SQLConnection, @unchecked Sendable {
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    /// How long a writer waits for another process's lock before failing with `.busy`.
    static let busyTimeoutMilliseconds: Int32 = 10_000

    init(path: String) throws(StoreError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw StoreError(.cannotOpen, "cannot open the database \(path): \(reason)")
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    let dialect = SQLDialect.sqlite

    /// Write transactions begin with `BEGIN IMMEDIATE`, which already excludes every other writer.
    func lock(_ key: String, shared: Bool) {}

    /// Runs `sql` (one or more statements) with no bound values, or one statement with `values`.
    func execute(_ sql: String, _ values: [SQLValue]) throws(StoreError) {
        if values.isEmpty && sql.contains(";") {
            guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure("executing a statement") }
            return
        }
        _ = try run(sql, values, collect: false)
    }

    /// The rows `sql` returns, each as its column values.
    func rows(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> [[SQLValue]] {
        try run(sql, values, collect: true)
    }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    private func run(_ sql: String, _ values: [SQLValue], collect: Bool) throws(StoreError) -> [[SQLValue]] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            let status: Int32 =
                switch value {
                case .null: sqlite3_bind_null(statement, position)
                case .integer(let integer): sqlite3_bind_int64(statement, position, integer)
                case .text(var text):
                    // An explicit byte length: a text with an embedded NUL must not be cut short
                    // (a C-string bind would store and match only the part before it).
                    text.withUTF8 { utf8 in
                        utf8.withMemoryRebound(to: CChar.self) {
                            // A NULL pointer would bind SQL NULL, so an empty text binds a literal "".
                            guard let start = $0.baseAddress else {
                                return sqlite3_bind_text(statement, position, "", 0, wc_sqlite_transient())
                            }
                            return sqlite3_bind_text(statement, position, start, Int32($0.count), wc_sqlite_transient())
                        }
                    }
                case .blob(let bytes):
                    bytes.withUnsafeBytes {
                        sqlite3_bind_blob64(
                            statement, position, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), UInt64($0.count),
                            wc_sqlite_transient())
                    }
                // `SQLConnection.rows(_:_:anyOf:then:)` binds lists one value per `?` here.
                case .list: SQLITE_MISUSE
                }
            guard status == SQLITE_OK else { throw failure("binding a value") }
        }
        var rows: [[SQLValue]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw failure("running a statement") }
            guard collect else { continue }
            rows.append((0..<sqlite3_column_count(statement)).map { column(statement, $0) })
        }
    }

    private func column(_ statement: OpaquePointer, _ index: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard count > 0, let text = sqlite3_column_text(statement, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard count > 0, let bytes = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    private func prepared(_ sql: String) throws(StoreError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
            let statement
        else { throw failure("preparing a statement") }
        statements[sql] = statement
        return statement
    }

    private func failure(_ what: String) -> StoreError {
        let code = sqlite3_extended_errcode(handle)
        let message = String(cString: sqlite3_errmsg(handle))
        let primary = code & 0xff
        return StoreError(
            primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? .busy : .sqliteFailure,
            "SQLite failed \(what): \(message) (code \(code))")
    }
}
