internal import COpenSSL

/// FF1 (NIST SP 800-38G, Algorithms 7 and 8) built from OpenSSL's AES-ECB and BIGNUM arithmetic.
///
/// `FF1` validates every parameter before it gets here. Section 6 of the standard allows any
/// mathematically equivalent steps, and this engine takes two of them:
/// - the halves stay integers through all ten rounds, so NUM runs once per half on the way in and
///   STR once per half on the way out (the form Wycheproof's `doc/ff1.md` describes);
/// - the CBC-MAC state after the blocks of P || Q that no round changes (P, the tweak and the zero
///   padding) is computed once per call, so a round MACs only the block(s) holding [i] || [B]^b.
/// AES is one ECB context keyed once per call. Timing depends on the lengths and also, through
/// BIGNUM division and carries, on the values; FF1 here is not a constant-time primitive.
enum FF1Engine {
    /// Encrypts (`encrypting`) or decrypts numerals that are all below `radix`.
    static func run(
        _ numerals: [UInt16], radix: Int, key: SymmetricKey, tweak: [UInt8], encrypting: Bool
    ) throws(CryptoError) -> [UInt16] {
        let cipher = try CipherRegistry.aesBlock(keyByteCount: key.byteCount)
        let digits = Digits(radix: radix)
        let n = numerals.count
        let u = n / 2
        let v = n - u

        guard let context = EVP_CIPHER_CTX_new() else { fatalError("EVP_CIPHER_CTX_new: out of memory") }
        defer { EVP_CIPHER_CTX_free(context) }
        OpenSSLErrors.clear()
        let keyed = key.withUnsafeBytes {
            EVP_EncryptInit_ex2(context, cipher.pointer, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), nil, nil)
                == 1
        }
        guard keyed, EVP_CIPHER_CTX_set_padding(context, 0) == 1 else {
            throw CryptoError.backend("AES initialisation failed")
        }

        // Secure BIGNUMs are cleared when freed: they hold the plaintext halves.
        guard let bnContext = BN_CTX_secure_new() else { fatalError("BN_CTX_secure_new: out of memory") }
        defer { BN_CTX_free(bnContext) }
        let a = newNumber()
        let b = newNumber()
        let c = newNumber()
        let y = newNumber()
        let modulusU = newNumber()
        let modulusV = newNumber()
        defer {
            for number in [a, b, c, y, modulusU, modulusV] { BN_clear_free(number) }
        }

        let loaded = numerals.withUnsafeBufferPointer { all in
            digits.load(a, from: UnsafeBufferPointer(rebasing: all[..<u]))
                && digits.load(b, from: UnsafeBufferPointer(rebasing: all[u...]))
                && digits.power(modulusU, exponent: u) && digits.power(modulusV, exponent: v)
                // b = ceil(ceil(v * log2(radix)) / 8) is exactly the byte length of radix^v - 1, with no
                // floating point to round up wrongly when radix is a power of two.
                && BN_copy(c, modulusV) != nil && BN_sub_word(c, 1) == 1
        }
        guard loaded else { throw CryptoError.backend("FF1 numeral conversion failed") }
        let byteCount = (Int(BN_num_bits(c)) + 7) / 8
        let outputCount = 4 * ((byteCount + 3) / 4) + 4
        guard byteCount <= Int(Int32.max) - 64, tweak.count <= Int(Int32.max) - 64 else {
            throw CryptoError(.limitExceeded, "FF1 input is too long for this implementation")
        }

        let rounds = try RoundFunction(
            context: context, radix: radix, u: u, n: n, tweak: tweak, byteCount: byteCount,
            outputCount: outputCount)
        defer { rounds.wipe() }

        // (x, y, z) rotations below move pointers, not numbers.
        var (first, second, spare) = (a, b, c)
        for round in 0..<10 {
            let i = encrypting ? round : 9 - round
            let modulus = i % 2 == 0 ? modulusU : modulusV
            try rounds.evaluate(round: i, input: encrypting ? second : first, into: y)
            OpenSSLErrors.clear()
            if encrypting {
                guard BN_mod_add(spare, first, y, modulus, bnContext) == 1 else {
                    throw CryptoError.backend("FF1 modular addition failed")
                }
                (first, second, spare) = (second, spare, first)
            } else {
                guard BN_mod_sub(spare, second, y, modulus, bnContext) == 1 else {
                    throw CryptoError.backend("FF1 modular subtraction failed")
                }
                (first, second, spare) = (spare, first, second)
            }
        }

        var output = [UInt16](repeating: 0, count: n)
        let stored = output.withUnsafeMutableBufferPointer { all in
            digits.store(first, into: UnsafeMutableBufferPointer(rebasing: all[..<u]))
                && digits.store(second, into: UnsafeMutableBufferPointer(rebasing: all[u...]))
        }
        guard stored else { throw CryptoError.backend("FF1 numeral conversion failed") }
        return output
    }

    private static func newNumber() -> OpaquePointer {
        guard let number = BN_secure_new() else { fatalError("BN_secure_new: out of memory") }
        return number
    }

    /// NUM and STR in base `radix`, a machine word of numerals at a time.
    private struct Digits {
        let radix: UInt
        /// `powers[k]` is radix^k for every k up to the most numerals one BN_ULONG holds.
        let powers: [UInt]
        var chunk: Int { powers.count - 1 }

        init(radix: Int) {
            self.radix = UInt(radix)
            var powers: [UInt] = [1]
            while powers[powers.count - 1] <= UInt.max / UInt(radix) {
                powers.append(powers[powers.count - 1] * UInt(radix))
            }
            self.powers = powers
        }

        /// x = NUM_radix(numerals).
        func load(_ x: OpaquePointer, from numerals: UnsafeBufferPointer<UInt16>) -> Bool {
            guard BN_set_word(x, 0) == 1 else { return false }
            var start = 0
            while start < numerals.count {
                let length = min(chunk, numerals.count - start)
                var word: UInt = 0
                for numeral in numerals[start..<start + length] { word = word * radix + UInt(numeral) }
                guard BN_mul_word(x, powers[length]) == 1, BN_add_word(x, word) == 1 else { return false }
                start += length
            }
            return true
        }

        /// numerals = STR^m_radix(x) with m = numerals.count; consumes x, which must be below radix^m.
        func store(_ x: OpaquePointer, into numerals: UnsafeMutableBufferPointer<UInt16>) -> Bool {
            var end = numerals.count
            while end > 0 {
                let length = min(chunk, end)
                var word = BN_div_word(x, powers[length])
                // A remainder is below powers[length] <= UInt.max, so UInt.max can only mean failure.
                guard word != UInt.max else { return false }
                for index in stride(from: end - 1, through: end - length, by: -1) {
                    numerals[index] = UInt16(truncatingIfNeeded: word % radix)
                    word /= radix
                }
                end -= length
            }
            return BN_is_zero(x) == 1
        }

        /// x = radix^exponent.
        func power(_ x: OpaquePointer, exponent: Int) -> Bool {
            guard BN_set_word(x, 1) == 1 else { return false }
            var remaining = exponent
            while remaining > 0 {
                let length = min(chunk, remaining)
                guard BN_mul_word(x, powers[length]) == 1 else { return false }
                remaining -= length
            }
            return true
        }
    }

    /// Steps 6.i to 6.iv: y = NUM(S), S the first d bytes of R || E(R xor [1]) || ..., R = PRF(P || Q).
    ///
    /// It owns one scratch allocation (CBC-MAC state, the varying tail of P || Q, and S), which holds
    /// values derived from the plaintext and is wiped by `wipe()`.
    private struct RoundFunction {
        let context: OpaquePointer
        let byteCount: Int
        let outputCount: Int
        let scratch: UnsafeMutableRawBufferPointer
        /// CBC-MAC state after the constant prefix of P || Q.
        let prefixState: UnsafeMutablePointer<UInt8>
        let state: UnsafeMutablePointer<UInt8>
        /// The blocks of P || Q from the one holding [i]: constant leftover, [i], [B]^b.
        let tail: UnsafeMutablePointer<UInt8>
        let tailCount: Int
        /// Offset of [i] inside `tail`.
        let roundOffset: Int
        let s: UnsafeMutablePointer<UInt8>
        let sCount: Int

        init(
            context: OpaquePointer, radix: Int, u: Int, n: Int, tweak: [UInt8], byteCount: Int, outputCount: Int
        ) throws(CryptoError) {
            self.context = context
            self.byteCount = byteCount
            self.outputCount = outputCount
            let t = tweak.count
            let padding = ((-t - byteCount - 1) % 16 + 16) % 16
            var constant: [UInt8] = [1, 2, 1, UInt8(radix >> 16 & 0xff), UInt8(radix >> 8 & 0xff), UInt8(radix & 0xff)]
            constant += [10, UInt8(u % 256)] + Self.bigEndian32(n) + Self.bigEndian32(t)
            constant += tweak
            constant += [UInt8](repeating: 0, count: padding)
            let prefixBlocks = constant.count / 16
            roundOffset = constant.count - prefixBlocks * 16
            tailCount = roundOffset + 1 + byteCount
            sCount = (outputCount + 15) / 16 * 16

            scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 32 + tailCount + sCount, alignment: 16)
            scratch.initializeMemory(as: UInt8.self, repeating: 0)
            let base = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
            prefixState = base
            state = base + 16
            tail = base + 32
            s = base + 32 + tailCount
            let (prefixState, tail, roundOffset) = (prefixState, tail, roundOffset)

            var ok = true
            constant.withUnsafeBufferPointer { bytes in
                for block in 0..<prefixBlocks where ok {
                    ok = Self.chain(context, state: prefixState, block: bytes.baseAddress! + block * 16)
                }
                for index in 0..<roundOffset { tail[index] = bytes[prefixBlocks * 16 + index] }
            }
            guard ok else {
                wipe()
                throw CryptoError.backend("AES encryption failed")
            }
        }

        /// y = NUM(S) for round `round`, with `input` the half that goes into Q.
        func evaluate(round: Int, input: OpaquePointer, into y: OpaquePointer) throws(CryptoError) {
            OpenSSLErrors.clear()
            tail[roundOffset] = UInt8(round)
            guard BN_bn2binpad(input, tail + roundOffset + 1, Int32(byteCount)) == Int32(byteCount) else {
                throw CryptoError.backend("FF1 numeral encoding failed")
            }
            state.update(from: prefixState, count: 16)
            var offset = 0
            while offset < tailCount {
                guard Self.chain(context, state: state, block: tail + offset) else {
                    throw CryptoError.backend("AES encryption failed")
                }
                offset += 16
            }
            // S = R || E(R xor [1]^16) || E(R xor [2]^16) ...; only the low 8 bytes of [j]^16 can be nonzero.
            for j in 0..<sCount / 16 {
                let block = s + j * 16
                block.update(from: state, count: 16)
                withUnsafeBytes(of: UInt64(j).bigEndian) { counter in
                    for index in 0..<8 { block[8 + index] ^= counter[index] }
                }
            }
            var remaining = sCount - 16
            var cursor = s + 16
            while remaining > 0 {
                let piece = min(remaining, 1 << 20)
                var written: Int32 = 0
                guard EVP_EncryptUpdate(context, cursor, &written, cursor, Int32(piece)) == 1, written == Int32(piece)
                else {
                    throw CryptoError.backend("AES encryption failed")
                }
                remaining -= piece
                cursor += piece
            }
            guard BN_bin2bn(s, Int32(outputCount), y) != nil else {
                throw CryptoError.backend("FF1 numeral decoding failed")
            }
        }

        /// Wipes and frees the scratch buffer.
        func wipe() {
            SecureMemory.cleanse(scratch.baseAddress!, count: scratch.count)
            scratch.deallocate()
        }

        /// One CBC-MAC step: state = E_K(state xor block).
        private static func chain(
            _ context: OpaquePointer, state: UnsafeMutablePointer<UInt8>, block: UnsafePointer<UInt8>
        ) -> Bool {
            for index in 0..<16 { state[index] ^= block[index] }
            var written: Int32 = 0
            return EVP_EncryptUpdate(context, state, &written, state, 16) == 1 && written == 16
        }

        private static func bigEndian32(_ value: Int) -> [UInt8] {
            [UInt8(value >> 24 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
        }
    }
}
