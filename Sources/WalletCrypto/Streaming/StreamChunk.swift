/// One `stream-v1` chunk: AES-256-GCM or SM4-GCM with nonce = 11-byte big-endian index ‖ final flag.
enum StreamChunk {
    static func nonce(counter: UInt64, final: Bool) -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: AEADAlgorithm.nonceByteCount)
        for index in 0..<8 { nonce[10 - index] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(index))) }
        nonce[11] = final ? 1 : 0
        return nonce
    }

    static func seal(
        _ algorithm: AEADAlgorithm, _ plaintext: UnsafeRawBufferPointer, key: SymmetricKey, counter: UInt64,
        final: Bool,
        into output: UnsafeMutableRawBufferPointer
    ) throws {
        try nonce(counter: counter, final: final).withUnsafeBytes { nonce in
            try AEADEngine.seal(
                algorithm, key: key, nonce: nonce, message: plaintext,
                aad: UnsafeRawBufferPointer(start: nil, count: 0),
                output: output)
        }
    }

    static func open(
        _ algorithm: AEADAlgorithm, _ sealed: UnsafeRawBufferPointer, key: SymmetricKey, counter: UInt64,
        final: Bool,
        into output: UnsafeMutableRawBufferPointer
    ) throws {
        let split = sealed.count - AEADAlgorithm.tagByteCount
        try nonce(counter: counter, final: final).withUnsafeBytes { nonce in
            try AEADEngine.open(
                algorithm, key: key, nonce: nonce, ciphertext: UnsafeRawBufferPointer(rebasing: sealed[..<split]),
                tag: UnsafeRawBufferPointer(rebasing: sealed[split...]),
                aad: UnsafeRawBufferPointer(start: nil, count: 0),
                output: output)
        }
    }
}
