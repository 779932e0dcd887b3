import Foundation
import WalletCrypto

/// Issue 13's rows: SM4-GCM against `openssl speed -evp sm4-ctr` (the SM4 it is built on, run as a
/// child process in the same run) and SM2 encryption against direct `EVP_PKEY_encrypt`/`decrypt`.
extension Suite {
    static func shangMi(_ sink: Sink) -> [Benchmark] {
        sizes.flatMap { [sm4GCM(seal: true, size: $0, sink), sm4GCM(seal: false, size: $0, sink)] }
            + [sm2Encryption(encrypt: true, sink), sm2Encryption(encrypt: false, sink)]
    }

    /// `SM4.GCM.seal`/`open` (the SealedBox API, one allocation per call) against the bytes per
    /// second of `openssl speed -evp sm4-ctr -bytes size -seconds 2` (`-decrypt` for open). GCM adds
    /// GHASH and the tag block to CTR, so 1.00 is out of reach by construction.
    private static func sm4GCM(seal: Bool, size: Int, _ sink: Sink) -> Benchmark {
        Benchmark(
            "SM4-GCM \(seal ? "seal" : "open") vs openssl speed sm4-ctr", size: size,
            goal: size >= 16 << 10 ? .sm4GCM : nil,
            externalRate: {
                try opensslSpeedRate(cipher: "sm4-ctr", bytes: size, decrypt: !seal) / Double(size)
            },
            prepare: {
                let input = bytes(size, seed: 31)
                let key = SymmetricKey(data: bytes(16, seed: 32))
                let nonce = try SM4.GCM.Nonce(data: bytes(12, seed: 33))
                let box = try SM4.GCM.seal(input, using: key, nonce: nonce)
                try BenchError.expectSame(Array(try SM4.GCM.open(box, using: key)), input, "SM4-GCM")
                let wallet: Benchmark.Operation =
                    seal
                    ? { sink.eat(try SM4.GCM.seal(input, using: key, nonce: nonce).tag.last ?? 0) }
                    : { sink.eat(try SM4.GCM.open(box, using: key).last ?? 0) }
                return (wallet, {})
            })
    }

    /// `encrypt`/`decrypt` of 32 bytes (a content key) against `EVP_PKEY_encrypt`/`decrypt` on one
    /// kept context per direction. Each side first decrypts the other's ciphertext.
    private static func sm2Encryption(encrypt: Bool, _ sink: Sink) -> Benchmark {
        Benchmark(
            "SM2 \(encrypt ? "encrypt" : "decrypt")", inputLabel: "32 B message", goal: .sm2Encryption
        ) {
            let key = SM2.Encryption.PrivateKey()
            // A sender keeps the recipient's public key, as the direct side keeps its EVP_PKEY.
            let publicKey = key.publicKey
            let direct = try DirectSM2Encryption(pem: key.pemRepresentation)
            let message = bytes(32, seed: 34)
            let ours = try publicKey.encrypt(message)
            _ = try direct.decrypt(Array(ours.derRepresentation))
            try BenchError.expectSame(direct.lastOutput, message, "SM2 decrypt")
            _ = try direct.encrypt(message)
            let theirs = try SM2Ciphertext(derRepresentation: direct.lastOutput)
            try BenchError.expectSame(try key.decrypt(theirs).withUnsafeBytes { Array($0) }, message, "SM2 encrypt")
            let der = Array(theirs.derRepresentation)
            if encrypt {
                return (
                    { sink.eat(try publicKey.encrypt(message).c3.last ?? 0) },
                    { sink.eat(try direct.encrypt(message)) }
                )
            }
            return (
                { sink.eat(try key.decrypt(theirs).withUnsafeBytes { $0.last ?? 0 }) },
                { sink.eat(try direct.decrypt(der)) }
            )
        }
    }
}
