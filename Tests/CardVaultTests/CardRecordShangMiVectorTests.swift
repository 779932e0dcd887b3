import Foundation
import TestSupport
import Testing
import WalletCrypto

@testable import CardVault

/// `vectors/card-record-shangmi.json`: KEK check values, wrapped data keys, sealed records and
/// fingerprints of the ShangMi profile (and the standard one beside it), checked against the
/// vault's own `VaultKeyring` and `TenantKeys`. `CardVaultVectorTests` runs the file's cases with
/// `check`, so that one suite reads every file the module owns.
@Suite("Card record ShangMi vectors")
struct CardRecordShangMiVectorTests {
    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    static func profile(_ c: VectorCase) throws -> AlgorithmProfile {
        switch try c.string("profile") {
        case "ShangMi": .shangMi
        case "standard": .standard
        default: throw VectorFormatError("tcId \(c.tcId) has an unknown profile")
        }
    }

    static func bytes(_ key: SymmetricKey) -> [UInt8] { key.withUnsafeBytes { Array($0) } }

    static func check(_ c: VectorCase) throws {
        let profile = try profile(c)
        switch c.group["type"] {
        case "KekCheckValueTest":
            let value = VaultKeyring.checkValue(SymmetricKey(data: try c.hex("kek")), profile: profile)
            guard value == (try c.hex("checkValue")) else { throw Mismatch(description: "check value differs") }
        case "DataKeyWrapTest":
            try checkWrap(c, profile)
        case "CardRecordTest":
            try checkRecord(c, profile)
        case "FingerprintTest":
            let keys = TenantKeys(
                tenant: try c.string("tenant"), policy: TokenPolicy(),
                dataKey: SymmetricKey(data: try c.hex("dataKey")),
                profile: profile)
            guard keys.fingerprint(try PrimaryAccountNumber(try c.string("pan"))) == (try c.hex("fingerprint")) else {
                throw Mismatch(description: "fingerprint differs")
            }
        default:
            throw VectorFormatError("unknown group type")
        }
    }

    /// Unwraps with the keyring holding the KEK under the version the case reads; a valid case is
    /// also wrapped afresh and unwrapped again.
    static func checkWrap(_ c: VectorCase, _ profile: AlgorithmProfile) throws {
        let version = try c.int("kekVersion")
        let tenant = try c.string("tenant")
        let ring = try VaultKeyring(checked: [version: SymmetricKey(data: try c.hex("kek"))], profile: profile)
        let key = try ring.unwrap(try c.hex("wrapped"), tenant: tenant, version: version)
        guard bytes(key) == (try c.hex("dataKey")) else { throw Mismatch(description: "data key differs") }
        let rewrapped = try ring.wrap(key, tenant: tenant, version: version)
        guard bytes(try ring.unwrap(rewrapped, tenant: tenant, version: version)) == bytes(key) else {
            throw Mismatch(description: "a fresh wrap does not round-trip")
        }
    }

    /// Opens the stored row as the case's tenant; a valid case must give the PAN, have the
    /// vector's associated data, and round-trip through a fresh seal.
    static func checkRecord(_ c: VectorCase, _ profile: AlgorithmProfile) throws {
        let keys = TenantKeys(
            tenant: try c.string("tenant"), policy: TokenPolicy(), dataKey: SymmetricKey(data: try c.hex("dataKey")),
            profile: profile)
        guard let brand = CardBrand(rawValue: try c.string("brand")) else {
            throw VectorFormatError("tcId \(c.tcId) has an unknown brand")
        }
        var record = TokenRecord(
            token: try c.string("token"), tenant: try c.string("recordTenant"), sealed: try c.hex("sealed"),
            dataKeyVersion: try c.int("dataKeyVersion"),
            fingerprint: try c.fields["fingerprint"].map { try Hex.decode($0) },
            brand: brand, length: try c.int("length"), firstSix: c.fields["firstSix"],
            lastFour: try c.string("lastFour"),
            expiry: try CardExpiry(month: try c.int("expiryMonth"), year: try c.int("expiryYear")),
            expiresAt: Int64(try c.int("expiresAt")), createdAt: 0)
        let pan = try keys.open(record)
        guard pan == (try PrimaryAccountNumber(try c.string("pan"))) else { throw Mismatch(description: "PAN differs") }
        guard TenantKeys.binding(record, profile) == (try c.hex("associatedData")) else {
            throw Mismatch(description: "associated data differs")
        }
        try keys.seal(pan, into: &record)
        guard try keys.open(record) == pan else { throw Mismatch(description: "a fresh seal does not round-trip") }
    }

    /// The vault's own profile rule, beside the byte-level cases: a record sealed by one profile's
    /// tenant keys never opens under the other's, even with the same data key and fields.
    @Test func aRecordOfOneProfileIsRefusedUnderTheOther() throws {
        let dataKey = SymmetricKey(size: 256)
        let pan = try PrimaryAccountNumber("6212 3456 7890 1234 569")
        let shangMi = TenantKeys(tenant: "bank-a", policy: TokenPolicy(), dataKey: dataKey, profile: .shangMi)
        let standard = TenantKeys(tenant: "bank-a", policy: TokenPolicy(), dataKey: dataKey, profile: .standard)
        var record = TokenRecord(
            token: "6212000000004569", tenant: "bank-a", sealed: [], dataKeyVersion: 1,
            fingerprint: shangMi.fingerprint(pan), brand: pan.brand, length: pan.count, firstSix: nil,
            lastFour: pan.lastFour, expiry: try CardExpiry(month: 1, year: 2040), expiresAt: 2_211_667_200,
            createdAt: 0)
        for (sealer, reader) in [(shangMi, standard), (standard, shangMi)] {
            try sealer.seal(pan, into: &record)
            #expect(try sealer.open(record) == pan)
            #expect(throws: VaultError.authenticationFailure) { try reader.open(record) }
        }
        #expect(shangMi.fingerprint(pan) != standard.fingerprint(pan))
    }
}
