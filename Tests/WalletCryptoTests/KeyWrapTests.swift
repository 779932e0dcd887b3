import Testing
import WalletCrypto

@Suite("AES key wrap")
struct KeyWrapTests {
    @Test(arguments: [128, 192, 256])
    func roundTripsAndDetectsTampering(kekBits: Int) throws {
        let kek = SymmetricKey(size: kekBits)
        let key = SymmetricKey(size: 256)
        let wrapped = try AES.KeyWrap.wrap(key, using: kek)
        #expect(wrapped.count == 40)
        #expect(try AES.KeyWrap.unwrap(wrapped, using: kek) == key)
        for index in wrapped.indices {
            var tampered = wrapped
            tampered[index] ^= 1
            #expect(throws: CryptoError.authenticationFailure) { try AES.KeyWrap.unwrap(tampered, using: kek) }
        }
        #expect(throws: CryptoError.authenticationFailure) {
            try AES.KeyWrap.unwrap(wrapped, using: SymmetricKey(size: kekBits))
        }
        #expect(throws: CryptoError.authenticationFailure) { try AES.KeyWrap.unwrap(wrapped.dropLast(8), using: kek) }
        #expect(throws: CryptoError.authenticationFailure) { try AES.KeyWrap.unwrap([UInt8](), using: kek) }
    }

    @Test func paddedWrapTakesAnyLength() throws {
        let kek = SymmetricKey(size: 256)
        for size in [1, 7, 8, 9, 20, 33] {
            let key = SymmetricKey(size: size * 8)
            let wrapped = try AES.KeyWrapWithPadding.wrap(key, using: kek)
            #expect(try AES.KeyWrapWithPadding.unwrap(wrapped, using: kek) == key)
            #expect(throws: CryptoError.authenticationFailure) {
                try AES.KeyWrapWithPadding.unwrap(wrapped.dropFirst(), using: kek)
            }
        }
    }

    @Test func badSizesAreRefusedWithAReason() {
        let error = #expect(throws: CryptoError.self) {
            try AES.KeyWrap.wrap(SymmetricKey(size: 256), using: SymmetricKey(size: 100 * 8))
        }
        #expect(error?.code == .invalidParameter && error?.reason.contains("800") == true)
        let odd = #expect(throws: CryptoError.self) {
            try AES.KeyWrap.wrap(SymmetricKey(data: [1, 2, 3]), using: SymmetricKey(size: 128))
        }
        #expect(odd?.code == .invalidParameter)
        #expect(throws: CryptoError.self) {
            try AES.KeyWrapWithPadding.wrap(SymmetricKey(data: [UInt8]()), using: SymmetricKey(size: 128))
        }
    }
}
