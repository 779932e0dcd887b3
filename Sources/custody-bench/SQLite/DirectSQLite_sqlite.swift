import CSQLite

/// The storage floor of a durable verification: one `BEGIN IMMEDIATE` transaction that reads a row
/// and updates it, committed with a full fsync in WAL mode, on prepared statements.
final class DirectSQLite {
    private let handle: OpaquePointer
    private let select: OpaquePointer
    private let update: OpaquePointer

    init(path: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_open(path, &handle) == SQLITE_OK, let handle else { throw BenchError("sqlite3_open failed") }
        self.handle = handle
        for sql in [
            "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
            "CREATE TABLE IF NOT EXISTS factors (user_id TEXT PRIMARY KEY, last_step INTEGER, sealed BLOB)",
            "INSERT OR REPLACE INTO factors VALUES ('u1', 0, zeroblob(48))",
        ] {
            guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw BenchError("\(sql) failed") }
        }
        var select: OpaquePointer?
        var update: OpaquePointer?
        guard
            sqlite3_prepare_v2(handle, "SELECT last_step, sealed FROM factors WHERE user_id = 'u1'", -1, &select, nil)
                == SQLITE_OK,
            sqlite3_prepare_v2(
                handle, "UPDATE factors SET last_step = last_step + 1 WHERE user_id = 'u1'", -1, &update, nil)
                == SQLITE_OK, let select, let update
        else { throw BenchError("sqlite3_prepare_v2 failed") }
        self.select = select
        self.update = update
    }

    deinit {
        sqlite3_finalize(select)
        sqlite3_finalize(update)
        sqlite3_close(handle)
    }

    /// One durable read-modify-write; returns the step read.
    func readAndUpdate() throws -> Int64 {
        guard sqlite3_exec(handle, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK else {
            throw BenchError("BEGIN failed")
        }
        guard sqlite3_step(select) == SQLITE_ROW else { throw BenchError("SELECT failed") }
        let step = sqlite3_column_int64(select, 0)
        sqlite3_reset(select)
        guard sqlite3_step(update) == SQLITE_DONE else { throw BenchError("UPDATE failed") }
        sqlite3_reset(update)
        guard sqlite3_exec(handle, "COMMIT", nil, nil, nil) == SQLITE_OK else { throw BenchError("COMMIT failed") }
        return step
    }
}
