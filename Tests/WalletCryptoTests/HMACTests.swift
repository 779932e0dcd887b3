import Testing
import WalletCrypto

@Suite("HMAC")
struct HMACTests {
    let key = SymmetricKey(data: Array("Jefe".utf8))
    let message = Array("what do ya want for nothing?".utf8)

    @Test func rfc4231TestCase2() {
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        #expect(HMAC<SHA256>.authenticationCode(for: message, using: key).description == expected)
        #expect(HMACKey<SHA256>(key).authenticationCode(for: message).description == expected)
    }

    @Test func keyedObjectServesManyMessagesAndMatchesOneShot() {
        let prepared = HMACKey<Insecure.SHA1>(key)
        for size in [0, 1, 8, 64, 65, 1000] {
            let message = SecureRandom.bytes(count: size)
            let code = prepared.authenticationCode(for: message)
            #expect(code == HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
            #expect(code == prepared.authenticationCode(for: discontiguous(message)))
            var incremental = prepared.makeHMAC()
            incremental.update(data: discontiguous(message))
            #expect(incremental.finalize() == code)
        }
    }

    @Test func verificationRejectsWrongKeyWrongMessageAndBadLengths() {
        let prepared = HMACKey<SHA256>(key)
        let code = prepared.authenticationCode(for: message).bytes
        #expect(prepared.isValidAuthenticationCode(code, authenticating: message))
        #expect(!prepared.isValidAuthenticationCode(code, authenticating: message + [0]))
        #expect(
            !HMACKey<SHA256>(SymmetricKey(data: Array("jefe".utf8))).isValidAuthenticationCode(
                code, authenticating: message))
        #expect(!prepared.isValidAuthenticationCode(Array(code.prefix(16)), authenticating: message))
        #expect(prepared.isValidAuthenticationCode(Array(code.prefix(16)), authenticating: message, truncatedTo: 16))
        // RFC 2104: truncation below half the output (and below 80 bits) is refused outright.
        #expect(!prepared.isValidAuthenticationCode(Array(code.prefix(15)), authenticating: message, truncatedTo: 15))
        #expect(!prepared.isValidAuthenticationCode([], authenticating: message))
        #expect(!prepared.isValidAuthenticationCode(code + [0], authenticating: message))
        for index in code.indices {
            var tampered = code
            tampered[index] ^= 0x01
            #expect(!prepared.isValidAuthenticationCode(tampered, authenticating: message))
        }
    }

    @Test func emptyKeyAndEmptyMessage() {
        let empty = SymmetricKey(data: [UInt8]())
        #expect(
            HMAC<SHA256>.authenticationCode(for: [UInt8](), using: empty).description
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func oneKeyFromManyTasksAtOnce() async {
        let prepared = HMACKey<SHA256>(key)
        let messages = (0..<16).map { SecureRandom.bytes(count: $0 * 7) }
        let expected = messages.map { HMAC<SHA256>.authenticationCode(for: $0, using: key) }
        let allMatch = await withTaskGroup(of: Bool.self, returning: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    (0..<200).allSatisfy { i in prepared.authenticationCode(for: messages[i % 16]) == expected[i % 16] }
                }
            }
            return await group.allSatisfy { $0 }
        }
        #expect(allMatch)
    }

    /// A session computes the same codes as one-shot calls, for several messages on one context,
    /// and sessions from many tasks at once do not disturb each other.
    @Test func sessionsMatchOneShotCodes() async {
        let key = HMACKey<SHA256>(SymmetricKey(size: 256))
        let messages = (0..<8).map { SecureRandom.bytes(count: $0 * 9) }
        let expected = messages.map { key.authenticationCode(for: $0) }
        let allMatch = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var codes: [AuthenticationCode] = []
                    key.withSession { session in
                        for message in messages {
                            codes.append(message.withUnsafeBytes { session.authenticationCode(bufferPointer: $0) })
                        }
                    }
                    return codes == expected
                }
            }
            return await group.allSatisfy { $0 }
        }
        #expect(allMatch)
    }

    /// The in-place forms write the same code as the ones that return it.
    @Test func inPlaceCodesMatch() {
        let key = HMACKey<Insecure.SHA1>(SymmetricKey(size: 160))
        for count in [0, 8, 64, 1000] {
            let message = SecureRandom.bytes(count: count)
            var output = [UInt8](repeating: 0, count: 20)
            message.withUnsafeBytes { bytes in
                output.withUnsafeMutableBytes { key.authenticationCode(bufferPointer: bytes, into: $0) }
            }
            #expect(output == key.authenticationCode(for: message).bytes)
            var sessionOutput = [UInt8](repeating: 0, count: 20)
            key.withSession { session in
                message.withUnsafeBytes { bytes in
                    sessionOutput.withUnsafeMutableBytes { session.authenticationCode(bufferPointer: bytes, into: $0) }
                }
            }
            #expect(sessionOutput == output)
        }
    }
}
