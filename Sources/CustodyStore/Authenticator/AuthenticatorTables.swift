import OneTimePassword
import WalletCrypto

/// The Authenticator's tables and queries, written once for every `SQLDatabase` (SQLite and
/// PostgreSQL); `SQLiteAuthenticatorStore` and `PostgresAuthenticatorStore` forward to it.
///
/// Security contract: `updateFactor` takes the user's lock before reading the record, so two
/// concurrent calls for one user, from any connection or node, run one after the other and the
/// second sees what the first wrote: a code can be accepted once. Rows hold only sealed secrets
/// and keyed hashes.
struct AuthenticatorTables: Sendable {
    let database: any SQLDatabase

    static let component = "otp"

    static let migrations = [
        Migration(
            statements: """
                CREATE TABLE otp_factors (
                    user_id TEXT PRIMARY KEY,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'active')),
                    algorithm TEXT NOT NULL,
                    digits INTEGER NOT NULL,
                    period INTEGER NOT NULL,
                    key_version INTEGER NOT NULL,
                    sealed_secret BLOB NOT NULL,
                    last_step INTEGER,
                    drift INTEGER NOT NULL,
                    failure_count INTEGER NOT NULL,
                    last_failure_at INTEGER,
                    locked_at INTEGER,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX otp_factors_key_version ON otp_factors (key_version);
                CREATE TABLE otp_recovery_codes (
                    user_id TEXT NOT NULL REFERENCES otp_factors (user_id) ON DELETE CASCADE,
                    code_hash BLOB NOT NULL,
                    PRIMARY KEY (user_id, code_hash)
                );
                """),
        // The keyed audit log (issue 12).
        Migration(statements: SQLAuditLogStorage.schema(prefix: "otp")),
        // Each secret's algorithm profile (issue 13): 1 standard (AES-256-GCM), 2 ShangMi (SM4-GCM).
        // Rows written before it existed are standard.
        Migration(
            statements: """
                ALTER TABLE otp_factors ADD COLUMN profile INTEGER NOT NULL DEFAULT 1 CHECK (profile IN (1, 2))
                """),
    ]

    /// See `AuthenticatorStore.updateFactor(of:auditing:)`.
    func updateFactor<T>(
        of user: String, auditing body: (inout OTPFactorRecord?, any AuditLogStorage) throws -> T
    ) throws -> T {
        try database.transaction { connection in
            try connection.lock("otp_factor:" + user)
            let original = try read(user, connection)
            var record = original
            let result = try body(&record, SQLAuditLogStorage(connection: connection, prefix: "otp"))
            if record != original { try write(record, of: user, connection) }
            return result
        }
    }

    /// See `AuthenticatorStore.withAuditLog`.
    func withAuditLog<T>(_ body: (any AuditLogStorage) throws -> T) throws -> T {
        try database.transaction { try body(SQLAuditLogStorage(connection: $0, prefix: "otp")) }
    }

    /// See `AuthenticatorStore.users(withKeyVersionOtherThan:limit:)`.
    func users(withKeyVersionOtherThan version: Int, limit: Int) throws -> [String] {
        try database.transaction { connection in
            try connection.rows(
                "SELECT user_id FROM otp_factors WHERE key_version <> ? ORDER BY user_id LIMIT ?",
                [.integer(Int64(version)), .integer(Int64(limit))]
            ).compactMap { $0.first?.text }
        }
    }

    private func read(_ user: String, _ connection: any SQLConnection) throws(StoreError) -> OTPFactorRecord? {
        let rows = try connection.rows(
            """
            SELECT state, algorithm, digits, period, key_version, sealed_secret, last_step, drift, failure_count,
                last_failure_at, locked_at, created_at, profile FROM otp_factors WHERE user_id = ?
            """, [.text(user)])
        guard let row = rows.first else { return nil }
        let hashes = try connection.rows(
            "SELECT code_hash FROM otp_recovery_codes WHERE user_id = ? ORDER BY code_hash", [.text(user)])
        guard let state = row[0].text.flatMap(OTPFactorRecord.State.init(rawValue:)),
            let algorithm = row[1].text.flatMap(OTPAlgorithm.init(rawValue:)),
            let digits = row[2].integer, let period = row[3].integer, let keyVersion = row[4].integer,
            let sealed = row[5].blob, let drift = row[7].integer, let failures = row[8].integer,
            let createdAt = row[11].integer,
            let profile = row[12].integer.flatMap({ AlgorithmProfile(storageIdentifier: Int($0)) })
        else { throw StoreError(.corruptRecord, "an OTP factor row has an unexpected shape") }
        return OTPFactorRecord(
            state: state, algorithm: algorithm, digits: Int(digits), period: Int(period), keyVersion: Int(keyVersion),
            sealedSecret: sealed, lastStep: row[6].integer, drift: Int(drift), failureCount: Int(failures),
            lastFailureAt: row[9].integer, lockedAt: row[10].integer,
            recoveryCodeHashes: hashes.compactMap { $0.first?.blob }, createdAt: createdAt, profile: profile)
    }

    private func write(_ record: OTPFactorRecord?, of user: String, _ connection: any SQLConnection)
        throws(StoreError)
    {
        try connection.execute("DELETE FROM otp_recovery_codes WHERE user_id = ?", [.text(user)])
        guard let record else {
            try connection.execute("DELETE FROM otp_factors WHERE user_id = ?", [.text(user)])
            return
        }
        let optional: (Int64?) -> SQLValue = { $0.map(SQLValue.integer) ?? .null }
        try connection.execute(
            """
            INSERT INTO otp_factors (user_id, state, algorithm, digits, period, key_version, sealed_secret, last_step,
                drift, failure_count, last_failure_at, locked_at, created_at, profile)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, algorithm = excluded.algorithm,
                digits = excluded.digits, period = excluded.period, key_version = excluded.key_version,
                sealed_secret = excluded.sealed_secret, last_step = excluded.last_step, drift = excluded.drift,
                failure_count = excluded.failure_count, last_failure_at = excluded.last_failure_at,
                locked_at = excluded.locked_at, created_at = excluded.created_at, profile = excluded.profile
            """,
            [
                .text(user), .text(record.state.rawValue), .text(record.algorithm.rawValue),
                .integer(Int64(record.digits)), .integer(Int64(record.period)), .integer(Int64(record.keyVersion)),
                .blob(record.sealedSecret), optional(record.lastStep), .integer(Int64(record.drift)),
                .integer(Int64(record.failureCount)), optional(record.lastFailureAt), optional(record.lockedAt),
                .integer(record.createdAt), .integer(Int64(record.profile.storageIdentifier)),
            ])
        for hash in record.recoveryCodeHashes {
            try connection.execute(
                "INSERT INTO otp_recovery_codes (user_id, code_hash) VALUES (?, ?)", [.text(user), .blob(hash)])
        }
    }
}
