import Foundation
import WalletCrypto

/// Signatures over one request, the `response-v1` format of `docs/spec/response-v1.md`.
///
/// Security contract: a response proves nothing by itself; `SignatureCheck` verifies each
/// signer against trusted public keys, the request and the payloads. Parsing is strict and
/// canonical, with signers sorted and unique.
public struct SigningResponse: Sendable, Equatable {
    /// One signer's signature.
    public struct Signer: Sendable, Equatable {
        /// The signer's key ID.
        public let keyID: KeyID
        /// The signer's algorithm.
        public let algorithm: SignerAlgorithm
        /// The signature in the algorithm's encoding (`docs/spec/response-v1.md`).
        public let signature: [UInt8]

        /// Assembles a signer line's fields.
        public init(keyID: KeyID, algorithm: SignerAlgorithm, signature: [UInt8]) {
            self.keyID = keyID
            self.algorithm = algorithm
            self.signature = signature
        }
    }

    /// The request's ID.
    public let requestID: [UInt8]
    /// SHA-256 of the request's bytes.
    public let requestSHA256: [UInt8]
    /// The signers, sorted by key ID.
    public let signers: [Signer]
    /// The canonical file bytes.
    public let bytes: [UInt8]

    static let header = "walletcustody-response-v1"

    /// Encodes a response. Throws `SignerError` `.invalidFile` for no signers or a key ID that appears twice.
    public init(requestID: [UInt8], requestSHA256: [UInt8], signers: [Signer]) throws {
        let sorted = signers.sorted { $0.keyID.bytes.lexicographicallyPrecedes($1.keyID.bytes) }
        guard !sorted.isEmpty, Set(sorted.map(\.keyID)).count == sorted.count else {
            throw SignerError(.invalidFile, "a response has one or more signers, each key once")
        }
        guard requestID.count == 16, requestSHA256.count == 32 else {
            throw SignerError(.invalidFile, "a response names a 16-byte request ID and a 32-byte request hash")
        }
        var text = "\(Self.header)\nrequest: \(Hex.encode(requestID))\nrequest-sha256: \(Hex.encode(requestSHA256))\n"
        for signer in sorted {
            text +=
                "signer: \(signer.keyID) \(signer.algorithm.rawValue) \(Data(signer.signature).base64EncodedString())\n"
        }
        text += "end\n"
        self.requestID = requestID
        self.requestSHA256 = requestSHA256
        self.signers = sorted
        bytes = Array(text.utf8)
    }

    /// Parses a response file. Throws `SignerError` `.invalidFile` naming the defect.
    public init(parsing bytes: [UInt8]) throws {
        var lines = try TextLines(bytes, file: "response")
        try lines.expect(Self.header, orElse: "is not a walletcustody-response-v1 file (unknown version or type)")
        let requestID = try TextLines.hex(try lines.required("request"), bytes: 16, "response's request id")
        let requestSHA256 = try TextLines.hex(try lines.required("request-sha256"), bytes: 32, "request hash")
        let signers = try lines.repeated("signer").map { (line) throws(SignerError) -> Signer in
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 3, let algorithm = SignerAlgorithm(rawValue: String(fields[1])),
                let signature = Data(base64Encoded: String(fields[2])),
                signature.base64EncodedString() == fields[2], algorithm.isWellFormed(Array(signature))
            else {
                throw SignerError(
                    .invalidFile, "a signer line is: key-id algorithm base64-signature, in the algorithm's encoding")
            }
            let keyID: KeyID
            do {
                keyID = try KeyID(bytes: try TextLines.hex(String(fields[0]), bytes: 16, "signer key id"))
            } catch let error as SignerError {
                throw error
            } catch {
                throw SignerError(.invalidFile, "a signer key ID is 16 bytes")
            }
            return Signer(keyID: keyID, algorithm: algorithm, signature: Array(signature))
        }
        try lines.finish()
        try self.init(requestID: requestID, requestSHA256: requestSHA256, signers: signers)
        guard self.bytes == bytes else {
            throw SignerError(
                .invalidFile, "the response is not in canonical form (signers unsorted or formatting differs)")
        }
    }

    /// Reads and parses the response at `path`.
    /// Throws `SignerError`.
    public init(contentsOfFile path: String) throws {
        try self.init(parsing: try FileAccess.read(path, what: "response"))
    }
}
