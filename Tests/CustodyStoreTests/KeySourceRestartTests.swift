import Foundation
import Glibc
import OneTimePassword
import TestSupport
import Testing
import WalletCrypto

@testable import CardVault
@testable import CustodyStore

/// A wallet service that keeps its KEK in each kind of `KeySource` starts, stops and starts again:
/// the vault and the Authenticator both reopen with the key loaded afresh.
@Suite("Key sources and service restarts")
struct KeySourceRestartTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case encryptedKeyFile, custodianComponents, mountedSecretFile
        var testDescription: String { rawValue }
    }

    static let passphrase = SecureBytes(Array("correct horse battery staple".utf8))
    static let fastScrypt = try! Scrypt.Parameters(n: 1 << 10, r: 8, p: 1)

    /// Provisions a key of `kind` in `folder` (what the operator does once) and returns its source.
    static func provision(_ kind: Kind, _ folder: URL) throws -> KeySource {
        switch kind {
        case .encryptedKeyFile:
            let path = folder.appendingPathComponent("kek.key").path
            _ = try KeySource.createEncryptedKeyFile(at: path, passphrase: passphrase, parameters: fastScrypt)
            return .encryptedKeyFile(path: path, passphrase: passphrase)
        case .custodianComponents:
            let components = try CustodianComponent.split(SymmetricKey(size: 256), threshold: 2, count: 3)
            return .custodianComponents([components[0].text, components[2].text])
        case .mountedSecretFile:
            let path = folder.appendingPathComponent("credentials/vault-kek").path
            try FileManager.default.createDirectory(
                atPath: folder.appendingPathComponent("credentials").path, withIntermediateDirectories: true)
            let hex = Hex.encode(SymmetricKey(size: 256).withUnsafeBytes { Array($0) }) + "\n"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(hex.utf8)))
            #expect(chmod(path, 0o400) == 0)
            return .mountedSecretFile(path: path)
        }
    }

    /// The service's start-up: load the key, open both components, declare the tenant.
    static func start(_ source: KeySource, _ folder: URL, clock: TestClock) throws -> (CardVault, Authenticator) {
        let kek = try source.loadKey()
        let vault = try CardVault(
            store: SQLiteVaultStore(path: folder.appendingPathComponent("vault.sqlite").path),
            keyring: VaultKeyring([1: kek]),
            auditLog: AuditLogOptions(
                origin: "wallet.example/vault", checkpointFile: folder.appendingPathComponent("vault.cp").path),
            clock: { clock.now })
        try vault.ensureTenant("bank")
        // The Authenticator's keys from the same KEK, separated by HKDF labels.
        func derive(_ label: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(
                inputKeyMaterial: kek, salt: [UInt8](), info: Array(label.utf8), outputByteCount: 32)
        }
        let authenticator = try Authenticator(
            store: SQLiteAuthenticatorStore(path: folder.appendingPathComponent("otp.sqlite").path),
            keys: OTPKeyRing(
                currentVersion: 1, keys: [1: derive("wallet-otp-kek")],
                recoveryCodeKey: derive("wallet-otp-recovery")),
            policy: AuthenticatorPolicy(issuer: "Example Wallet"),
            auditLog: AuditLogOptions(
                origin: "wallet.example/otp", checkpointFile: folder.appendingPathComponent("otp.cp").path),
            clock: { clock.now })
        return (vault, authenticator)
    }

    @Test(arguments: Kind.allCases)
    func aRestartReopensTheVaultAndTheAuthenticator(kind: Kind) throws {
        try withTemporaryFolder("wc-keysource") { folder in
            let clock = TestClock(Date(timeIntervalSince1970: 1_790_000_000))
            let source = try Self.provision(kind, folder)
            var (vault, authenticator) = try Self.start(source, folder, clock: clock)
            let token = try vault.tokenize(
                try Card(pan: "4111111111111111", expiryMonth: 12, expiryYear: 2030, now: clock.now), tenant: "bank",
                actor: "api")
            let enrollment = try authenticator.enroll(user: "alice", account: "alice@example.com")
            let totp = try TOTP(secret: enrollment.uri.secret)
            func code() throws -> String { totp.hotp.code(counter: try totp.timeStep(at: clock.now)) }
            _ = try authenticator.confirm(user: "alice", code: try code())
            _ = try vault.checkpoint()
            // Restart: everything is loaded again from the source.
            clock.advance(30)
            (vault, authenticator) = try Self.start(source, folder, clock: clock)
            let pan = try vault.withDetokenizedPAN(token, tenant: "bank", purpose: "restart check", actor: "api") {
                $0.withUnsafeDigits { String(decoding: $0, as: UTF8.self) }
            }
            #expect(pan == "4111111111111111")
            #expect(try authenticator.verify(user: "alice", code: try code()).drift == 0)
            #expect(try vault.verifyAuditLog().checkpointsVerified >= 1)
            #expect(try authenticator.verifyAuditLog().size == 2)
        }
    }

    /// Each way of getting the key wrong has its own error, and a key that loads but is not the
    /// vault's is the vault's `wrongKey`.
    @Test func wrongKeysAreToldApart() throws {
        try withTemporaryFolder("wc-keysource") { folder in
            let clock = TestClock()
            let file = try Self.provision(.encryptedKeyFile, folder)
            _ = try Self.start(file, folder, clock: clock)
            guard case .encryptedKeyFile(let path, _) = file else { return }
            expectError(CryptoError.Code.authenticationFailure) {
                _ = try KeySource.encryptedKeyFile(path: path, passphrase: SecureBytes(Array("wrong".utf8))).loadKey()
            }
            // Another valid key file: loads, but the vault refuses it as the wrong key.
            let otherPath = folder.appendingPathComponent("other.key").path
            _ = try KeySource.createEncryptedKeyFile(
                at: otherPath, passphrase: Self.passphrase, parameters: Self.fastScrypt)
            expectError(VaultError.Code.wrongKey) {
                _ = try Self.start(
                    .encryptedKeyFile(path: otherPath, passphrase: Self.passphrase), folder, clock: clock)
            }
            // Too few custodians.
            let components = try CustodianComponent.split(SymmetricKey(size: 256), threshold: 2, count: 3)
            expectError(CryptoError.Code.insufficientComponents) {
                _ = try KeySource.custodianComponents([components[1].text]).loadKey()
            }
            // A mounted secret others can read is refused, before it is read.
            guard case .mountedSecretFile(let secret) = try Self.provision(.mountedSecretFile, folder) else { return }
            #expect(chmod(secret, 0o444) == 0)
            expectError(CryptoError.Code.invalidParameter) {
                _ = try KeySource.mountedSecretFile(path: secret).loadKey()
            }
            #expect(chmod(secret, 0o640) == 0)
            expectError(CryptoError.Code.invalidParameter) {
                _ = try KeySource.mountedSecretFile(path: secret).loadKey()
            }
            // A key file that is not a KEK file (another label) is refused.
            let signingKeyPath = folder.appendingPathComponent("signer.key").path
            try EncryptedKeyFile.seal(
                AsymmetricPrivateKey<Ed25519>(), passphrase: Array("pw".utf8), label: "treasury signer",
                parameters: Self.fastScrypt
            ).write(toFile: signingKeyPath)
            expectError(CryptoError.Code.invalidParameter) {
                _ = try KeySource.encryptedKeyFile(path: signingKeyPath, passphrase: SecureBytes(Array("pw".utf8)))
                    .loadKey()
            }
        }
    }
}
