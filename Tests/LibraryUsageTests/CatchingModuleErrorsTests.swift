import CardVault
import CustodyStore
import Foundation
import OfflineSigner
import OneTimePassword
import Testing
import WalletCrypto

/// Code as a service that links WalletCustody writes it: `catch let error as <ModuleError>` around
/// one call of each library product. Under typed public throws, the OTP case crashed Swift 6.3.1
/// (issue 15); compiling this target is most of the test, and each case also checks that the call
/// throws the error type its comment names.
@Suite struct CatchingModuleErrorsTests {
    /// A temporary folder for the SQLite files, removed afterwards.
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("library-usage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func walletCryptoThrowsCryptoError() {
        let key = SymmetricKey(size: .bits256)
        var code: CryptoError.Code?
        do {
            _ = try AES.GCM.open(try AES.GCM.SealedBox(combined: Data(count: 40)), using: key)
        } catch let error as CryptoError {
            code = error.code
        } catch {
            Issue.record("not a CryptoError: \(error)")
        }
        #expect(code == .authenticationFailure)
    }

    @Test func oneTimePasswordThrowsOTPError() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = try OTPKeyRing(
            currentVersion: 1, keys: [1: SymmetricKey(size: .bits256)], recoveryCodeKey: SymmetricKey(size: .bits256))
        let authenticator = try Authenticator(
            store: SQLiteAuthenticatorStore(path: folder.appendingPathComponent("otp.sqlite").path), keys: keys,
            policy: AuthenticatorPolicy(issuer: "Example"))
        var code: OTPError.Code?
        do {
            _ = try authenticator.verify(user: "u", code: "123456")
        } catch let error as OTPError {
            code = error.code
        } catch {
            Issue.record("not an OTPError: \(error)")
        }
        #expect(code == .notEnrolled)
    }

    /// The function quoted in issue 15, which crashed the compiler while `verify` was typed.
    func login(_ auth: Authenticator?) throws {
        do { _ = try auth!.verify(user: "u", code: "123456") } catch let error as OTPError { print(error) }
    }

    @Test func cardVaultThrowsVaultError() throws {
        var code: VaultError.Code?
        do {
            _ = try PrimaryAccountNumber("4111111111111112")
        } catch let error as VaultError {
            code = error.code
        } catch {
            Issue.record("not a VaultError: \(error)")
        }
        #expect(code == .invalidCard)
    }

    @Test func custodyStoreThrowsStoreError() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("not-a-database").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        var thrown = false
        do {
            _ = try SQLiteVaultStore(path: path)
        } catch let error as StoreError {
            thrown = true
            #expect(!error.reason.isEmpty)
        } catch {
            Issue.record("not a StoreError: \(error)")
        }
        #expect(thrown)
    }

    @Test func offlineSignerThrowsSignerError() throws {
        var code: SignerError.Code?
        do {
            _ = try SigningRequest(parsing: Array("walletcustody-request-v9\n".utf8))
        } catch let error as SignerError {
            code = error.code
        } catch {
            Issue.record("not a SignerError: \(error)")
        }
        #expect(code == .invalidFile)
    }
}
