// A card vault on SQLite whose key-encryption key comes from a custodian key ceremony: the KEK is
// split into 2-of-3 components for three custodians, and the vault later opens from two of them.
// The example tokenises a card, detokenises it inside a closure, checks that one component alone
// is refused and that the audit log verifies. Exits 1 if any step does not behave so.
import CardVault
import CustodyStore
import Foundation
import WalletCrypto

struct ExampleFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func run() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("card-vault-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    // The ceremony: a new KEK, split so that any two of three custodians can rebuild it. Each
    // custodian keeps one component's text (on paper or in their own safe); the KEK is then discarded.
    let components = try CustodianComponent.split(SymmetricKey(size: .bits256), threshold: 2, count: 3)
    let texts = components.map(\.text)
    print("ceremony: \(components.map(\.description).joined(separator: ", "))")

    // Start-up: two custodians enter their components.
    let kek = try KeySource.custodianComponents([texts[0], texts[2]]).loadKey()
    do {
        _ = try KeySource.custodianComponents([texts[1]]).loadKey()
        throw ExampleFailure("one component alone rebuilt a key")
    } catch let error as CryptoError where error.code == .insufficientComponents {
        print("one component alone is refused: \(error)")
    }

    let store = try SQLiteVaultStore(path: folder.appendingPathComponent("vault.sqlite").path)
    let vault = try CardVault(store: store, keyring: VaultKeyring([1: kek]))
    try vault.createTenant("wallet-eu")
    let card = try Card(pan: "4111 1111 1111 1111", expiryMonth: 12, expiryYear: 2031)
    let token = try vault.tokenize(card, tenant: "wallet-eu", actor: "checkout-service")
    print("token \(token) for \(try vault.metadata(token, tenant: "wallet-eu").masked)")

    // The PAN leaves the vault only inside this closure, and the access is audited first.
    let lastFour = try vault.withDetokenizedPAN(
        token, tenant: "wallet-eu", purpose: "settlement", actor: "settlement-job"
    ) { $0.lastFour }
    guard lastFour == "1111" else { throw ExampleFailure("detokenised the wrong card") }

    // Restart with the other two custodians: the same KEK, so the same vault opens.
    let again = try KeySource.custodianComponents([texts[1], texts[2]]).loadKey()
    let reopened = try CardVault(
        store: SQLiteVaultStore(path: folder.appendingPathComponent("vault.sqlite").path),
        keyring: VaultKeyring([1: again]))
    let verification = try reopened.verifyAuditLog()
    print("audit log verified: \(verification.size) entries")
    guard verification.size >= 3 else { throw ExampleFailure("the audit log is missing entries") }
}

do {
    try run()
    print("CardVaultCeremony: ok")
} catch {
    print("CardVaultCeremony: FAILED: \(error)")
    exit(1)
}
