// The offline signer driven from the library instead of the CLI: create a keystore, build a
// request-v2 for a payment batch, check it (the content is recomputed from the payload), sign it,
// verify the response on the "online" side, and see a changed payload refused. Exits 1 if any
// step does not behave so.
import Foundation
import OfflineSigner
import WalletCrypto

struct ExampleFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

let batch = """
    end_to_end_id,payee_name,payee_account,amount,currency,remittance
    PAY-2026-12-0001,ACME Ltd,iban:DE89370400440532013000,1250.00,EUR,Invoice 42
    PAY-2026-12-0002,Smith and Jones,iban:GB82WEST12345698765432,310.50,EUR,December fees

    """

func run() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("signer-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let payload = folder + "/payouts.csv"
    try Data(batch.utf8).write(to: URL(fileURLWithPath: payload))

    // Offline side: a keystore (insecureFastScrypt only because this is an example).
    let passphrase = SecureBytes(Array("fjord lantern 9417 quasar".utf8))
    let keystore = try Keystore.create(
        at: folder + "/keystore", algorithm: .ed25519, passphrase: passphrase, delayBase: 0,
        scrypt: Keystore.insecureFastScrypt)

    // Online side: a request stating what the payload pays.
    let content = try PayloadContent.inspect([payload], format: .paymentBatchV1)
    let request = try SigningRequest(
        created: Date(), expires: Date().addingTimeInterval(3600), kind: "payment-batch",
        purpose: "December payouts", content: content.summary, payloads: content.items.map(\.payload))
    let requestPath = folder + "/payouts.request"
    try Data(request.bytes).write(to: URL(fileURLWithPath: requestPath))

    // Offline side: check (decodes the payload again and compares), then sign.
    var options = OfflineSigning.Options()
    options.allowNetwork = true  // This example runs on a connected machine.
    let checked = try OfflineSigning.check(
        requestPath: requestPath, payloadFolder: folder, keystore: keystore, options: options)
    print("checked: \(checked.content.summary.map { "\($0.paymentCount) payments" } ?? "opaque payload")")
    let response = try OfflineSigning.sign(
        checked, keystore: keystore, passphrase: passphrase, responsePath: folder + "/payouts.response")

    // Online side: verify against the trusted public key.
    let result = try OfflineSigning.verify(
        response, request: request, payloadFolder: folder, trusted: [keystore.publicKey], threshold: 1)
    guard result.valid == [keystore.keyID] else { throw ExampleFailure("the signature did not count") }
    print("verified: signed by \(keystore.keyID)")

    // A payload changed after the request was made is refused.
    try Data(batch.replacingOccurrences(of: "1250.00", with: "9250.00").utf8).write(to: URL(fileURLWithPath: payload))
    do {
        _ = try OfflineSigning.check(
            requestPath: requestPath, payloadFolder: folder, keystore: keystore, options: options)
        throw ExampleFailure("a changed payload was accepted")
    } catch let error as SignerError {
        print("changed payload refused: \(error)")
    }
}

do {
    try run()
    print("OfflineSignerFromLibrary: ok")
} catch {
    print("OfflineSignerFromLibrary: FAILED: \(error)")
    exit(1)
}
