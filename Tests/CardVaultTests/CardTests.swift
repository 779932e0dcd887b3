import Foundation
import Testing

@testable import CardVault
@testable import WalletCrypto

@Suite("Cards, tokens and custodian components")
struct CardTests {
    @Test func panNeverAppearsInDescriptionsOrErrors() throws {
        let pan = try PrimaryAccountNumber("4111 1111 1111 1111")
        #expect(!pan.description.contains("41111111"))
        #expect(pan.masked() == "************1111")
        #expect(pan.masked(showingFirstSix: true) == "411111******1111")
        for bad in ["4111111111111112", "4111-1111-1111-111x", "411111111111111111111"] {
            do {
                _ = try PrimaryAccountNumber(bad)
                Issue.record("accepted \(bad)")
            } catch let error as VaultError {
                #expect(error.code == .invalidCard)
                #expect(!error.reason.contains("4111111"))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func expiryIsValidatedAndEndsWithItsMonth() throws {
        let expiry = try CardExpiry(month: 2, year: 28)
        #expect(expiry.year == 2028 && expiry.description == "02/28")
        #expect(expiry.end == ISO8601DateFormatter().date(from: "2028-03-01T00:00:00Z"))
        #expect(throws: VaultError.self) { try CardExpiry(month: 13, year: 2028) }
        #expect(throws: VaultError.self) { try CardExpiry(month: 0, year: 2028) }
        #expect(throws: VaultError.self) { try CardExpiry(month: 1, year: 1999) }
        #expect(throws: VaultError.self) {
            try Card(pan: "4111111111111111", expiryMonth: 1, expiryYear: 2020)
        }
    }

    @Test func randomTokensKeepLengthAndLastFourAndFailLuhn() throws {
        for text in ["4111111111111111", "378282246310005", "4222222222222", "4111111111111111110"] {
            let pan = try PrimaryAccountNumber(text)
            for keep in [false, true] {
                var seen: Set<String> = []
                for _ in 0..<200 {
                    let token = TokenFormat.random(for: pan, keepFirstSix: keep)
                    #expect(TokenFormat.conforms(token, to: pan, keepFirstSix: keep))
                    seen.insert(token)
                }
                #expect(seen.count > 150 || TokenFormat.hiddenCount(for: pan, keepFirstSix: keep) < 3)
            }
        }
    }

    @Test func anyThresholdOfComponentsRebuildsTheKeyAndFewerDoNot() throws {
        let key = SymmetricKey(size: 256)
        let components = try CustodianComponent.split(key, threshold: 3, count: 5)
        #expect(components.count == 5)
        for a in 0..<5 {
            for b in (a + 1)..<5 {
                for c in (b + 1)..<5 {
                    let chosen = [components[a], components[b], components[c]].shuffled()
                    #expect(try CustodianComponent.combine(chosen) == key)
                }
            }
        }
        #expect(throws: CryptoError.self) { try CustodianComponent.combine(Array(components.prefix(2))) }
        #expect(throws: CryptoError.self) {
            try CustodianComponent.combine([components[0], components[0], components[1]])
        }
        let parsed = try components.map { try CustodianComponent(text: $0.text) }
        #expect(parsed == components)
        var typo = Array(components[0].text)
        typo[40] = typo[40] == "0" ? "1" : "0"
        #expect(throws: CryptoError.self) { try CustodianComponent(text: String(typo)) }
        #expect(!components[0].description.contains(Hex.encode(key.withUnsafeBytes { Array($0) }.prefix(4))))
    }

    @Test func gf256IsAField() {
        for a in 1...255 {
            #expect(GF256.multiply(UInt8(a), GF256.inverse(UInt8(a))) == 1)
        }
        #expect(GF256.multiply(0x57, 0x83) == 0xc1)
        #expect(GF256.multiply(0x57, 0x13) == 0xfe)
    }
}
