import CardVault
import CustodyStore
import Foundation
import OneTimePassword
import StoreConformance
import TestSupport
import Testing

/// The store conformance checks (`docs/store-conformance.md`), run unchanged against SQLite and
/// PostgreSQL, each check on a database of its own.
@Suite("store conformance: SQLite")
struct SQLiteConformanceTests {
    @Test(arguments: AuthenticatorStoreConformance.checks)
    func authenticatorStore(_ check: AuthenticatorStoreConformance.Check) throws {
        try withTemporaryFolder("wc-conformance") { folder in
            let path = folder.appendingPathComponent("otp.sqlite").path
            try check.run { try SQLiteAuthenticatorStore(path: path) }
        }
    }

    @Test(arguments: VaultStoreConformance.checks)
    func vaultStore(_ check: VaultStoreConformance.Check) throws {
        try withTemporaryFolder("wc-conformance") { folder in
            let path = folder.appendingPathComponent("vault.sqlite").path
            try check.run { try SQLiteVaultStore(path: path) }
        }
    }
}

@Suite("store conformance: PostgreSQL", .enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct PostgresConformanceTests {
    @Test(arguments: AuthenticatorStoreConformance.checks)
    func authenticatorStore(_ check: AuthenticatorStoreConformance.Check) throws {
        let connection = try PostgresTestServer.database("otp")
        try check.run { try PostgresAuthenticatorStore(connection: connection) }
    }

    @Test(arguments: VaultStoreConformance.checks)
    func vaultStore(_ check: VaultStoreConformance.Check) throws {
        let connection = try PostgresTestServer.database("vault")
        try check.run { try PostgresVaultStore(connection: connection) }
    }
}

/// Where a PostgreSQL server is required (`scripts/with-test-postgres`, CI), its absence fails
/// the run instead of skipping the PostgreSQL suites.
@Suite("PostgreSQL test server")
struct PostgresTestServerTests {
    @Test func presentWhenRequired() {
        let required = ProcessInfo.processInfo.environment["WALLETCUSTODY_REQUIRE_POSTGRES"] == "1"
        #expect(!required || PostgresTestServer.isAvailable, "WALLETCUSTODY_REQUIRE_POSTGRES=1 but no server was given")
    }
}
