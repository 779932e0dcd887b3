import Foundation
import TestSupport
import Testing

@testable import CustodyStore

/// `docs/deployment.md`: the stores never put the connection string, which may hold a password,
/// into an error. A server that cannot be reached and one that refuses the login are both tried.
@Suite("PostgreSQL connection strings")
struct PostgresConnectionStringTests {
    static let password = "Sup3r-Secret-Passw0rd"

    @Test func noServerErrorHoldsNoPassword() {
        let connection = "host=/nonexistent-wc-folder port=5432 user=wallet password=\(Self.password) dbname=x"
        do {
            _ = try PostgresVaultStore(connection: connection)
            Issue.record("a store opened without a server")
        } catch let error as StoreError {
            #expect(error.code == .unavailable)
            #expect(!error.reason.contains(Self.password) && !"\(error)".contains(Self.password))
        } catch {
            Issue.record("not a StoreError: \(error)")
        }
    }

    @Test(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
    func refusedLoginErrorHoldsNoPassword() throws {
        // A role that does not exist: the server refuses the login (trust authentication still
        // checks that the role exists), and the message must not echo the password.
        let connection =
            try #require(PostgresTestServer.connection)
            + " user=nobody_wc_\(UInt32.random(in: 0...UInt32.max)) password=\(Self.password)"
        do {
            _ = try PostgresAuthenticatorStore(connection: connection)
            Issue.record("a store opened with a role that does not exist")
        } catch let error as StoreError {
            #expect(error.code == .unavailable)
            #expect(!error.reason.contains(Self.password) && !"\(error)".contains(Self.password))
        } catch {
            Issue.record("not a StoreError: \(error)")
        }
    }
}
