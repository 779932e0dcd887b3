import Foundation
import TestSupport
import Testing
import WalletCrypto

@Suite("FF1 format-preserving encryption")
struct FF1Tests {
    typealias SplitMix64 = ParserFuzzTests.SplitMix64

    static let keySizes = [128, 192, 256]

    // MARK: Published vectors

    @Test func nistSamplesAllPass() throws {
        let report = try Self.tally("fpe/nist-sp800-38g-ff1-samples.json")
        guard let report else { return }
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.valid == 9, "SP 800-38G publishes 9 FF1 samples")
    }

    @Test(arguments: ["aes_ff1_base10", "aes_ff1_base36"])
    func wycheproofValidAndInvalidCounts(_ name: String) throws {
        let report = try Self.tally("wycheproof/testvectors_v1/\(name)_test.json")
        guard let report else { return }
        #expect(report.failures.isEmpty, "\(report.failures.prefix(10))")
        #expect(report.valid > 0 && report.invalid > 0)
    }

    /// Known answers from a local reference (Python integers, numeral strings as in the standard's text, AES from
    /// pyca/cryptography on OpenSSL) for radixes the published vectors lack: powers of two, where b is easy to get
    /// wrong, and radixes above 256, where numerals need 16 bits. The reference reproduces NIST's nine samples.
    @Test func crossChecksRadixesWithoutPublishedVectors() throws {
        let vectors = try Self.crossCheckVectors()
        #expect(vectors.count == 15)
        for vector in vectors {
            let key = SymmetricKey(data: vector.key)
            let encrypted = try FF1.encrypt(vector.plaintext, radix: vector.radix, key: key, tweak: vector.tweak)
            #expect(encrypted == vector.ciphertext, "radix \(vector.radix), \(vector.plaintext.count) numerals")
            #expect(
                try FF1.decrypt(vector.ciphertext, radix: vector.radix, key: key, tweak: vector.tweak)
                    == vector.plaintext)
        }
        print("FF1 cross-check vectors: \(vectors.count) passed (radix \(Set(vectors.map(\.radix)).sorted()))")
    }

    // MARK: Properties

    @Test(arguments: keySizes)
    func randomRadixesLengthsAndTweaksRoundTrip(keyBits: Int) throws {
        var generator = SplitMix64(state: UInt64(keyBits))
        let key = SymmetricKey(size: keyBits)
        let favourites = [2, 3, 7, 8, 10, 16, 26, 36, 62, 100, 255, 256, 257, 1000, 4096, 65535, 65536]
        var checked = 0
        for iteration in 0..<200 {
            let radix =
                iteration % 2 == 0
                ? favourites[Int.random(in: 0..<favourites.count, using: &generator)]
                : Int.random(in: 2...65536, using: &generator)
            let minimum = Self.minimumLength(radix: radix)
            let length =
                iteration % 10 == 0
                ? Int.random(in: minimum...300, using: &generator)
                : Int.random(in: minimum...minimum + 40, using: &generator)
            let tweak = (0..<Int.random(in: 0...(iteration % 25 == 0 ? 300 : 40), using: &generator))
                .map { _ in UInt8.random(in: 0...255, using: &generator) }
            let plaintext = (0..<length).map { _ in UInt16(Int.random(in: 0..<radix, using: &generator)) }

            let ciphertext = try FF1.encrypt(plaintext, radix: radix, key: key, tweak: tweak)
            #expect(ciphertext.count == length)
            #expect(ciphertext.allSatisfy { Int($0) < radix }, "radix \(radix)")
            #expect(try FF1.encrypt(plaintext, radix: radix, key: key, tweak: tweak) == ciphertext)
            #expect(try FF1.decrypt(ciphertext, radix: radix, key: key, tweak: tweak) == plaintext)
            // Over a domain of 2^64 or more, a collision under another tweak or key would be a defect.
            if Double(length) * log2(Double(radix)) >= 64 {
                #expect(try FF1.encrypt(plaintext, radix: radix, key: key, tweak: tweak + [1]) != ciphertext)
                #expect(
                    try FF1.encrypt(plaintext, radix: radix, key: SymmetricKey(size: keyBits), tweak: tweak)
                        != ciphertext)
                #expect(ciphertext != plaintext)
            }
            checked += 1
        }
        print("FF1 AES-\(keyBits) round trips: \(checked) random radix/length/tweak cases")
    }

    @Test func everyValueOfASmallDomainIsAPermutation() throws {
        // radix 2, 7 numerals (the shortest allowed): 128 inputs must give 128 distinct outputs.
        let key = SymmetricKey(size: 128)
        var outputs = Set<[UInt8]>()
        for value in 0..<128 {
            let bits = (0..<7).map { UInt8(value >> (6 - $0) & 1) }
            let encrypted = try FF1.encrypt(bits, radix: 2, key: key, tweak: [7])
            outputs.insert(encrypted)
            #expect(try FF1.decrypt(encrypted, radix: 2, key: key, tweak: [7]) == bits)
        }
        #expect(outputs.count == 128)
    }

    @Test func textRoundTripsOverAnyAlphabetOfScalars() throws {
        let key = SymmetricKey(size: 256)
        let cases: [(String, String)] = [
            (FF1.decimalAlphabet, "4111111111111111"),
            (FF1.base36Alphabet, "wallet2024custody"),
            ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "CARD9Z"),
            // Combining marks and CR/LF: joined as Characters they would merge, as scalars they do not.
            ("e\u{301}\r\n", "\r\ne\u{301}e\u{301}\re\n\u{301}\n"),
            ("\u{1F600}\u{1F601}\u{1F602}", "\u{1F600}\u{1F602}\u{1F601}\u{1F600}\u{1F600}"),
        ]
        for (alphabet, text) in cases {
            let encrypted = try FF1.encrypt(text, alphabet: alphabet, key: key, tweak: Array("field".utf8))
            #expect(encrypted.unicodeScalars.count == text.unicodeScalars.count)
            #expect(encrypted.unicodeScalars.allSatisfy { alphabet.unicodeScalars.contains($0) })
            #expect(try FF1.decrypt(encrypted, alphabet: alphabet, key: key, tweak: Array("field".utf8)) == text)
        }
    }

    @Test func wrongKeyOrTweakDecryptsToSomethingElseWithoutError() throws {
        let key = SymmetricKey(size: 128)
        let pan = "4000123412341234"
        let token = try FF1.encrypt(pan, alphabet: FF1.decimalAlphabet, key: key, tweak: [1, 2, 3])
        #expect(try FF1.decrypt(token, alphabet: FF1.decimalAlphabet, key: key, tweak: [1, 2, 4]) != pan)
        #expect(
            try FF1.decrypt(token, alphabet: FF1.decimalAlphabet, key: SymmetricKey(size: 128), tweak: [1, 2, 3])
                != pan)
    }

    @Test func lengthBoundsFollowTheOriginalStandard() throws {
        let key = SymmetricKey(size: 128)
        // radix^minlen >= 100 with minlen >= 2; Rev. 1's 10^6 domain is the caller's rule, not the primitive's.
        for (radix, minimum) in [(2, 7), (3, 5), (4, 4), (5, 3), (9, 3), (10, 2), (36, 2), (65536, 2)] {
            let shortest = [UInt16](repeating: 1, count: minimum)
            #expect(try FF1.encrypt(shortest, radix: radix, key: key, tweak: []).count == minimum)
            Self.expectInvalid { try FF1.encrypt(Array(shortest.dropLast()), radix: radix, key: key, tweak: []) }
            Self.expectInvalid { try FF1.decrypt(Array(shortest.dropLast()), radix: radix, key: key, tweak: []) }
        }
        #expect(FF1.maximumLength == Int(UInt32.max))
    }

    // MARK: Misuse

    @Test func badParametersAreRefusedWithInvalidParameter() throws {
        let key = SymmetricKey(size: 128)
        let digits: [UInt16] = [1, 2, 3, 4, 5, 6]
        for radix in [Int.min, -10, -1, 0, 1, 65537, 1 << 32, Int.max] {
            Self.expectInvalid { try FF1.encrypt(digits, radix: radix, key: key, tweak: []) }
            Self.expectInvalid { try FF1.decrypt(digits, radix: radix, key: key, tweak: []) }
        }
        for bytes in [0, 1, 8, 15, 17, 20, 23, 25, 31, 33, 40, 64] {
            let badKey = SymmetricKey(data: [UInt8](repeating: 7, count: bytes))
            Self.expectInvalid { try FF1.encrypt(digits, radix: 10, key: badKey, tweak: []) }
            Self.expectInvalid { try FF1.encrypt("123456", alphabet: FF1.decimalAlphabet, key: badKey, tweak: []) }
        }
        Self.expectInvalid { try FF1.encrypt([1, 2, 3, 10] as [UInt16], radix: 10, key: key, tweak: []) }
        Self.expectInvalid { try FF1.decrypt([65535, 0] as [UInt16], radix: 65535, key: key, tweak: []) }
        Self.expectInvalid { try FF1.encrypt([UInt64.max, 1] as [UInt64], radix: 65536, key: key, tweak: []) }
        // UInt8 cannot carry the digits of radix 257, even when these particular numerals are small.
        Self.expectInvalid { try FF1.encrypt([1, 2, 3] as [UInt8], radix: 257, key: key, tweak: []) }
        #expect(try FF1.encrypt([255, 0] as [UInt8], radix: 256, key: key, tweak: []).count == 2)
        for alphabet in ["", "a", "aa", "0123456789" + "0", "ab\u{1F600}\u{1F600}"] {
            Self.expectInvalid { try FF1.encrypt("aaaaaaaa", alphabet: alphabet, key: key, tweak: []) }
        }
        let huge = String(String.UnicodeScalarView((0..<65537).compactMap { Unicode.Scalar(0x4E00 + $0) }))
        Self.expectInvalid { try FF1.encrypt("xyz", alphabet: huge, key: key, tweak: []) }
        for text in ["", "1", "12345a", "12 34", "\u{FF11}\u{FF12}\u{FF13}", "١٢٣٤٥٦"] {
            Self.expectInvalid { try FF1.encrypt(text, alphabet: FF1.decimalAlphabet, key: key, tweak: []) }
            Self.expectInvalid { try FF1.decrypt(text, alphabet: FF1.decimalAlphabet, key: key, tweak: []) }
        }
    }

    @Test func reasonsNeverQuoteTheInput() {
        let key = SymmetricKey(size: 128)
        let secret = "4111SECRET1111"
        let error = #expect(throws: CryptoError.self) {
            try FF1.encrypt(secret, alphabet: FF1.decimalAlphabet, key: key, tweak: [])
        }
        #expect(error?.code == .invalidParameter)
        #expect(error.map { !$0.description.contains("SECRET") && !$0.description.contains("4111") } ?? false)
    }

    /// Random radixes, lengths, numerals, key sizes and tweaks: FF1 either refuses with `.invalidParameter` or
    /// returns a same-length numeral string in the radix that decrypts back. It never crashes or hangs.
    @Test func fuzzedParametersNeverCrash() throws {
        var generator = SplitMix64(state: 0xFF1)
        var (accepted, refused) = (0, 0)
        let keys = (0...40).map { SymmetricKey(data: [UInt8](repeating: UInt8($0), count: $0)) }
        for _ in 0..<3000 {
            let radix =
                Bool.random(using: &generator)
                ? Int.random(in: -3...12, using: &generator) : Int.random(in: -100...70000, using: &generator)
            let length = Int.random(in: 0...12, using: &generator)
            let ceiling = UInt32(max(2, min(70000, radix + Int.random(in: -1...2, using: &generator))))
            let numerals = (0..<length).map { _ in UInt32.random(in: 0..<ceiling, using: &generator) }
            let keyBytes =
                Int.random(in: 0..<4, using: &generator) == 0
                ? Int.random(in: 0...40, using: &generator) : [16, 24, 32][Int.random(in: 0..<3, using: &generator)]
            let key = keys[keyBytes]
            let tweak = (0..<Int.random(in: 0...20, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            do {
                let encrypted = try FF1.encrypt(numerals, radix: radix, key: key, tweak: tweak)
                #expect(encrypted.count == numerals.count && encrypted.allSatisfy { Int($0) < radix })
                #expect(try FF1.decrypt(encrypted, radix: radix, key: key, tweak: tweak) == numerals)
                accepted += 1
            } catch let error as CryptoError {
                #expect(error.code == .invalidParameter, "\(error)")
                refused += 1
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(accepted > 100 && refused > 100)
        print("FF1 fuzz: \(accepted) accepted and round-tripped, \(refused) refused with invalidParameter")
    }

    @Test func concurrentCallsShareOneKey() async throws {
        let key = SymmetricKey(size: 256)
        let plaintext: [UInt16] = (0..<19).map { UInt16($0 % 10) }
        let expected = try FF1.encrypt(plaintext, radix: 10, key: key, tweak: [9])
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    for _ in 0..<50 where try FF1.encrypt(plaintext, radix: 10, key: key, tweak: [9]) != expected {
                        return false
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }

    // MARK: Helpers

    static func expectInvalid<R>(
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
    ) {
        do {
            _ = try body()
            Issue.record("accepted invalid FF1 parameters", sourceLocation: sourceLocation)
        } catch {
            #expect((error as? CryptoError)?.code == .invalidParameter, "\(error)", sourceLocation: sourceLocation)
        }
    }

    static func minimumLength(radix: Int) -> Int {
        var (length, domain) = (2, radix * radix)
        while domain < 100 { (length, domain) = (length + 1, domain * radix) }
        return length
    }

    struct Tally {
        var valid = 0
        var invalid = 0
        var failures: [String] = []
    }

    /// Runs one upstream FF1 file through its catalog runner and prints valid/invalid counts; nil when absent.
    static func tally(_ path: String) throws -> Tally? {
        let runner = try #require(VectorCatalog.runners.first { $0.file.path == path })
        if let missing = runner.file.missingReason {
            print("FF1 vectors \(path): SKIPPED: \(missing)")
            return nil
        }
        var tally = Tally()
        for testCase in runner.file.cases {
            // An invalid case must be refused as a bad parameter, not by some accident deeper down.
            if testCase.expected == .invalid {
                do {
                    try runner.check(testCase)
                } catch {
                    if (error as? CryptoError)?.code != .invalidParameter {
                        tally.failures.append("tcId \(testCase.tcId) refused for another reason: \(error)")
                    }
                }
            }
            switch runner.run(testCase) {
            case .passed where testCase.expected == .valid: tally.valid += 1
            case .passed: tally.invalid += 1
            case .failed(let reason): tally.failures.append("tcId \(testCase.tcId): \(reason)")
            case .skipped(let reason): tally.failures.append("tcId \(testCase.tcId) skipped: \(reason)")
            }
        }
        print(
            "FF1 vectors \(path): \(tally.valid) valid passed, \(tally.invalid) invalid rejected, "
                + "\(tally.failures.count) failed")
        return tally
    }

    struct CrossCheck {
        var radix = 0
        var key: [UInt8] = []
        var tweak: [UInt8] = []
        var plaintext: [UInt16] = []
        var ciphertext: [UInt16] = []
    }

    static func crossCheckVectors() throws -> [CrossCheck] {
        var vectors: [CrossCheck] = []
        for line in crossCheckText.split(separator: "\n") {
            let parts = line.split(separator: " ")
            let values = parts.dropFirst()
            switch parts.first {
            case "radix": vectors.append(CrossCheck(radix: Int(values.first!)!))
            case "key": vectors[vectors.count - 1].key = try Hex.decode(values.first!)
            case "tweak": vectors[vectors.count - 1].tweak += try Hex.decode(values.first!)
            case "pt": vectors[vectors.count - 1].plaintext += values.map { UInt16($0)! }
            case "ct": vectors[vectors.count - 1].ciphertext += values.map { UInt16($0)! }
            default: throw VectorFormatError("bad cross-check line")
            }
        }
        return vectors
    }

    /// radix, key (hex), tweak (hex, possibly split), plaintext and ciphertext numerals (possibly split).
    static let crossCheckText = """
        radix 2
        key d7db3421bbedbf1657b0a788a89df2cd
        pt 0 0 1 0 1 0 0
        ct 1 0 1 0 1 0 1
        radix 2
        key c2bf0c4af334803a41ea2c3cc9965db6e8d6fa93875bdd8753be287a7f9b0e4b
        tweak da7aba
        pt 0 0 1 0 0 1 0 1 0 0 0 1 0 0 1 0 1 0 0 1 1 0 0 1 0 1 1 0 1 0 0 1 0 1 0 0 0 1 1 1 0 1 1 1 1 1 1 0 0 1
        pt 0 1 1 0 0 0 0 1 0 0 0 1 0 1
        ct 0 0 0 0 1 1 0 1 0 1 1 0 1 1 1 1 0 0 0 1 1 1 0 0 1 0 1 0 0 1 1 1 1 1 1 1 1 0 0 0 1 1 1 1 0 0 1 1 1 1
        ct 0 0 1 1 0 0 0 1 1 0 1 0 0 0
        radix 3
        key ea1ccdf2756672b48a364e85af34171cc4a781be8edf3fd5
        tweak dce3e5785cb944ea87808c75d03b26b3
        pt 1 2 1 1 2
        ct 2 0 1 0 2
        radix 7
        key 50980113027eab863f49fc15941022d5
        tweak 78
        pt 3 0 1 1 1 2 6 5 6 3 4 1 6
        ct 6 1 0 1 6 4 2 2 6 6 4 1 6
        radix 16
        key 3e5796dc1de412ea8248058ffc015c0888871b05a32b26dac34be23c9661675e
        tweak 927bc92c09248fafc5
        pt 5 5 9 8 9 0 10 8 10 7 3 2 0 10 4 4 1 10 11 0 4 4 6 4 1 12 8 0 0 1 14 8
        ct 3 4 10 15 15 4 14 7 14 7 4 8 14 6 6 10 6 1 1 4 14 7 4 14 15 12 13 12 13 11 2 14
        radix 256
        key d95ef21179fc91e7543adec34957ad09
        pt 126 21
        ct 169 120
        radix 256
        key 140a0755af7ca2e1f233fbd176d5252d7d3c76d116d415a8
        tweak f285e31c33425cd7bbbb13ae
        pt 152 172 208 2 11 146 136 1 43 244 39 148 202 170 83 103 207 112 135 188 243 64 71 97 99 85 51 58 117
        ct 226 57 153 184 230 111 22 94 8 27 167 23 39 103 237 52 137 245 176 154 176 164 26 219 212 114 242 65
        ct 14
        radix 256
        key 9968ffc17876bb2413cd5517063d14cfe930b2ebbbf95ae040cdd55ebd16ba6d
        tweak ea13da38c780fdce09df520c3e11968b6ac6bbebd08ecb7e139a60a19c865050d96528ebf6a76385
        pt 122 253 156 146 98 153 41 234 240 69 27 85 196 163 74 202 202 156 188 9 19 67 228 49 180 149 204 238
        pt 241 164 18 25 15 153 14 85 48 22 249 24 66 118 180 191 100 168 217 213 189 190 14 20 237 205 94 158
        pt 56 57 192 152 195 17 189 66
        ct 7 53 169 30 183 99 197 20 66 104 54 161 177 97 234 7 88 74 198 16 153 118 223 65 38 88 158 45 173 87
        ct 20 21 69 14 224 177 200 43 35 147 223 116 165 146 211 207 124 10 111 79 228 96 87 4 39 183 50 169 94
        ct 102 16 69 218 247
        radix 1000
        key d0b96de6587fc25e6f042d39649a1e0a
        tweak c80ea3a17a
        pt 11 679 233 290 661 744 328 747 400
        ct 227 892 862 255 993 816 649 905 232
        radix 4096
        key ce4ed6add31e6a609a33014bdc06fcb9ac22da9f58e4ebb5f3c237805e4c2112
        tweak 9223
        pt 2117 4021 2345 1927 4079 1088 661 3555 459 805 3537 670 97 563 148 930 1700
        ct 1480 3721 983 256 3296 1943 2585 2617 2327 3015 782 1131 838 2593 2932 3013 1959
        radix 65535
        key 4cc133e15064b83270e1d7bd496f7d588097d88cc40b5b9b
        tweak b39d1d393fe977
        pt 24919 53538 46819 53783 22558 40497 56414 37852 49050 8884 52465
        ct 31940 9342 19584 60043 44186 4671 49062 49274 4517 18498 44370
        radix 65536
        key 9cf229d6f27db9c77a45f4a4c1ce51f1
        pt 12032 1974
        ct 51222 54625
        radix 65536
        key 409da98b0cd3bb7666966a8f22a842eb7621f5beb51c9a25f2cc2aa936f0feb7
        tweak 948704d840ecbd9d75bb11d0b0d35b
        pt 41753 53894 58058 38968 24966 48179 34599 25940 35057 49170 15504 20854 16070 40666 43859 5986 47916
        pt 26913 19487 26367 43108 29355 63258 65129
        ct 42452 35572 27702 7559 18537 64567 17324 11367 42358 14072 5044 32795 50266 22756 7500 123 31754
        ct 18373 4343 63520 55198 14752 64595 25614
        radix 255
        key 7eede2e30ce1f4fea0b3fbf4cf8e610f
        pt 46 112 210 193 141 182 103 189 132 143 236 29 116 3 13 244 122 18 143 245 75 154 126 44 154 201 242
        pt 251 229 12 239 117 86 142 62 107 20 111 217 79
        ct 52 27 105 7 205 69 135 243 236 187 6 67 238 167 125 70 23 98 219 69 252 59 204 29 99 203 15 215 40
        ct 50 190 248 103 219 223 0 179 197 74 230
        radix 36
        key 2854e48f2e932c9da536b260ebec3c900e635815c0a3613a205bed6ed8718c01
        tweak 464093ee85abf5570346f9013b4fe6e956af02e132c1f09cfe80f0ac33f2ef994e86bd3bdcddee41a59b49187af7bbcb4889
        tweak 61af96330a9009940c95f980c6d6adab9c2ea63373d6bebd4f18e847261d2821d44999fe1af4ae146889abea4548378d594c
        pt 23 0 24
        ct 6 17 16
        """
}
