import Foundation
import TestSupport
import Testing
import WalletCrypto

@testable import OneTimePassword

/// `vectors/otp-secret-shangmi.json`: OTP secrets sealed and recovery codes hashed in the ShangMi
/// profile (and the standard one beside it), checked against the Authenticator's own `OTPKeyRing`.
/// `OTPVectorTests` runs the file's cases with `check`, so that one suite reads every file the
/// module owns.
@Suite("OTP secret ShangMi vectors")
struct OTPSecretShangMiVectorTests {
    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    static func profile(_ c: VectorCase, _ field: String = "profile") throws -> AlgorithmProfile {
        switch try c.string(field) {
        case "ShangMi": .shangMi
        case "standard": .standard
        default: throw VectorFormatError("tcId \(c.tcId) has an unknown \(field)")
        }
    }

    static func check(_ c: VectorCase) throws {
        switch c.group["type"] {
        case "OtpSecretSealTest":
            try checkSeal(c)
        case "RecoveryCodeHashTest":
            let keys = try OTPKeyRing(
                currentVersion: 1, keys: [1: SymmetricKey(size: 256)],
                recoveryCodeKey: SymmetricKey(data: try c.hex("recoveryCodeKey")), profile: try profile(c))
            let hash = keys.recoveryCodeHash(
                try RecoveryCodes.normalize(try c.string("code")), user: try c.string("user"))
            guard hash == (try c.hex("hash")) else { throw Mismatch(description: "recovery-code hash differs") }
        default:
            throw VectorFormatError("unknown group type")
        }
    }

    /// Opens the row (its sealed secret, key version, user and recorded profile) with a key ring of
    /// the reader's profile holding the key under that version; a valid case is also sealed afresh
    /// and opened again.
    static func checkSeal(_ c: VectorCase) throws {
        let version = try c.int("keyVersion")
        let user = try c.string("user")
        let keys = try OTPKeyRing(
            currentVersion: version, keys: [version: SymmetricKey(data: try c.hex("kek"))],
            recoveryCodeKey: SymmetricKey(size: 256), profile: try profile(c))
        let secret = try keys.open(
            try c.hex("sealed"), version: version, user: user, profile: try profile(c, "recordProfile"))
        guard secret.withUnsafeBytes({ Array($0) }) == (try c.hex("secret")) else {
            throw Mismatch(description: "secret differs")
        }
        let resealed = try keys.seal(secret, user: user)
        let reopened = try keys.open(resealed, version: version, user: user, profile: keys.profile)
        guard reopened.withUnsafeBytes({ Array($0) }) == (try c.hex("secret")) else {
            throw Mismatch(description: "a fresh seal does not round-trip")
        }
    }

    /// The key ring's profile rule beside the byte-level cases: a secret sealed by one profile
    /// never opens under the other, whether the recorded profile says so or was rewritten to match.
    @Test func aSecretOfOneProfileIsRefusedUnderTheOther() throws {
        let kek = SymmetricKey(size: 256)
        let recovery = SymmetricKey(size: 256)
        let shangMi = try OTPKeyRing(currentVersion: 1, keys: [1: kek], recoveryCodeKey: recovery, profile: .shangMi)
        let standard = try OTPKeyRing(currentVersion: 1, keys: [1: kek], recoveryCodeKey: recovery)
        let secret = SecureBytes(SecureRandom.bytes(count: 20))
        for (sealer, reader) in [(shangMi, standard), (standard, shangMi)] {
            let sealed = try sealer.seal(secret, user: "alice")
            #expect(try sealer.open(sealed, version: 1, user: "alice", profile: sealer.profile) == secret)
            let refused = #expect(throws: OTPError.self) {
                try reader.open(sealed, version: 1, user: "alice", profile: sealer.profile)
            }
            #expect(refused?.code == .invalidParameter)
            let relabelled = #expect(throws: OTPError.self) {
                try reader.open(sealed, version: 1, user: "alice", profile: reader.profile)
            }
            #expect(relabelled?.code == .storageFailure)
        }
        #expect(
            shangMi.recoveryCodeHash("ABCDEFGH23", user: "alice")
                != standard.recoveryCodeHash("ABCDEFGH23", user: "alice"))
    }
}
