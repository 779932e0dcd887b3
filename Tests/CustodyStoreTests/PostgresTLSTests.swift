import Foundation
import TestSupport
import Testing

@testable import CustodyStore

/// `sslmode=verify-full`, as `docs/deployment.md` tells a deployment to connect, against a real
/// server that serves TLS only (`scripts/postgres-test-cluster tls`): the stores connect over TLS
/// when the server proves its name with a certificate from the trusted CA, and refuse a server
/// that cannot, as a man in the middle with another certificate could not.
@Suite(
    "PostgreSQL over TLS", .enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason), .serialized)
struct PostgresTLSTests {
    @Test func verifyFullConnectsOnlyToTheServerItsCAVouchesFor() throws {
        let cluster = PostgresFaultTests.clusterFolder("tls")
        _ = try PostgresTestServer.cluster("start", cluster)
        defer {
            _ = try? PostgresTestServer.cluster("stop", cluster)
            try? FileManager.default.removeItem(atPath: cluster)
        }
        // A random loopback port; another one if that one is taken.
        var served: String?
        for _ in 0..<3 where served == nil {
            served = try? PostgresTestServer.cluster("tls", cluster, String(Int.random(in: 20_000..<60_000)))
        }
        let connection = try #require(served, "the TLS server did not start").trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(connection.contains("sslmode=verify-full"))

        // The stores open and work over TLS 1.2 or later.
        let store = try PostgresVaultStore(connection: connection, poolSize: 1)
        let empty = try store.transaction { try $0.kekCheckValues().isEmpty }
        #expect(empty)
        let session = try PostgresConnection(connection).rows(
            "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        #expect(session.first?.first == .integer(1), "the session is not encrypted")
        #expect(["TLSv1.2", "TLSv1.3"].contains(session.first?.last?.text ?? ""))
        _ = try PostgresAuthenticatorStore(connection: connection, poolSize: 1)

        // A client that trusts another CA refuses the server's certificate.
        let otherCA = connection.replacingOccurrences(of: "tls/ca.pem", with: "tls/other-ca.pem")
        let untrusted = expectError(StoreError.Code.unavailable) {
            _ = try PostgresVaultStore(connection: otherCA, poolSize: 1)
        }
        #expect(untrusted?.reason.contains("certificate verify failed") == true, "\(String(describing: untrusted))")

        // A certificate the CA signed for another name is refused under verify-full; verify-ca
        // (chain only) would accept it, which is why the docs ask for verify-full.
        let otherName = connection.replacingOccurrences(of: "host=localhost", with: "host=db.wrong.example")
        let mismatch = expectError(StoreError.Code.unavailable) {
            _ = try PostgresVaultStore(connection: otherName, poolSize: 1)
        }
        #expect(mismatch?.reason.contains("does not match host name") == true, "\(String(describing: mismatch))")
        _ = try PostgresConnection(otherName.replacingOccurrences(of: "verify-full", with: "verify-ca"))

        // The server takes no plain-text session on TCP.
        let plain = expectError(StoreError.Code.unavailable) {
            _ = try PostgresVaultStore(
                connection: connection.replacingOccurrences(of: "verify-full", with: "disable"), poolSize: 1)
        }
        #expect(plain?.reason.contains("no encryption") == true, "\(String(describing: plain))")
    }
}
