// SM2 signing (GB/T 32918 with SM3) checked by the `openssl` command line: sign with the standard
// distinguishing ID 1234567812345678, then have `openssl dgst -sm3 -verify` accept the signature with
// that ID and refuse it with OpenSSL 3.0's default empty ID. Exits 1 if any step does not behave so.
import Foundation
import WalletCrypto

struct ExampleFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `openssl` with `arguments`; true when it exits 0.
func openssl(_ arguments: [String]) throws -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["openssl"] + arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus == 0
}

func run() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm2-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    let key = SM2.Signing.PrivateKey()
    let message = Data("Pay 100.00 e-CNY to wallet 0042".utf8)
    let signature = try key.signature(for: message)  // ID 1234567812345678, as the standard says.
    guard key.publicKey.isValidSignature(signature, for: message) else {
        throw ExampleFailure("the signature does not verify here")
    }
    try Data(key.publicKey.pemRepresentation.utf8).write(to: URL(fileURLWithPath: path("public.pem")))
    try signature.derRepresentation.write(to: URL(fileURLWithPath: path("message.sig")))
    try message.write(to: URL(fileURLWithPath: path("message.txt")))

    let verify = ["dgst", "-sm3", "-verify", path("public.pem"), "-signature", path("message.sig")]
    guard try openssl(verify + ["-sigopt", "distid:1234567812345678", path("message.txt")]) else {
        throw ExampleFailure("openssl refused the signature")
    }
    print("openssl verified the SM2 signature (distid 1234567812345678)")
    guard try !openssl(verify + [path("message.txt")]) else {
        throw ExampleFailure("openssl accepted it under the empty ID")
    }
    print("openssl refuses it under OpenSSL 3.0's default empty ID, as it must")
}

do {
    try run()
    print("SM2WithOpenSSL: ok")
} catch {
    print("SM2WithOpenSSL: FAILED: \(error)")
    exit(1)
}
