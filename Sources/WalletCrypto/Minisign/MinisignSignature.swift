import Foundation

/// A minisign signature file (`.minisig`), produced in minisign's prehashed mode "ED" and checked in
/// that mode or the legacy "Ed" mode (`docs/spec/minisign.md`, after https://jedisct1.github.io/minisign/).
///
/// Security contract: the file signature covers the file contents (their BLAKE2b-512 digest for "ED",
/// the bytes themselves for "Ed"); the global signature covers the file signature and the trusted
/// comment. Nothing covers the untrusted comment or binds the file's name, so put what matters (name,
/// version, date) in the trusted comment. The fields of a parsed value are claims until `verify`
/// succeeds; read the trusted comment from `verify`'s result, not from `trustedComment`. The "ED" mode
/// signs the bare 64-byte digest with pure Ed25519, so a minisign key must sign nothing else: keep it
/// apart from keys that sign arbitrary 64-byte messages.
public struct MinisignSignature: Sendable, Hashable {
    /// How the file signature relates to the file.
    ///
    /// Security contract: both are sound Ed25519; they differ in memory use. `minisign -H` refuses
    /// `.legacy`, and WalletCrypto never produces it.
    public enum Algorithm: Sendable, Hashable {
        /// "ED": Ed25519 over BLAKE2b-512 of the file, so any size is checked in constant memory.
        case prehashed
        /// "Ed": Ed25519 over the file bytes, which must be held in memory in full.
        case legacy
    }

    /// The signing mode named in the file.
    public let algorithm: Algorithm
    /// The ID of the key that claims to have signed.
    public let keyID: MinisignKeyID
    /// The Ed25519 signature of the file (or of its digest).
    public let signature: Ed25519.Signature
    /// Free text on the first line that anyone can change without invalidating the signature.
    public let untrustedComment: String
    /// The signed comment; authentic only once `verify` has succeeded, which also returns it.
    public let trustedComment: String
    /// The Ed25519 signature of `signature` ‖ `trustedComment`.
    public let globalSignature: Ed25519.Signature

    static let signatureByteCount = 2 + MinisignKeyID.byteCount + 64
    static let prehashedAlgorithm: [UInt8] = Array("ED".utf8)
    static let legacyAlgorithm: [UInt8] = Array("Ed".utf8)

    /// Signs a BLAKE2b-512 digest of the file, computed incrementally with `BLAKE2b512` so that a file
    /// of any size is signed in constant memory. Throws `CryptoError` `.invalidParameter` for another digest, or for
    /// a comment that has CR, LF or NUL or is longer than minisign reads (trusted 8173 bytes,
    /// untrusted 1003). `keyID` must be the ID in the public key that verifiers hold.
    public init(
        signingDigest digest: Digest, with privateKey: Ed25519.PrivateKey, keyID: MinisignKeyID,
        trustedComment: String, untrustedComment: String? = nil
    ) throws {
        guard digest.algorithm == .blake2b512 else {
            throw CryptoError(.invalidParameter, "minisign signs BLAKE2b-512 digests, got \(digest.algorithm)")
        }
        let untrustedComment = untrustedComment ?? "signature from minisign key \(keyID)"
        try MinisignEncoding.checkComment(
            trustedComment, maxByteCount: MinisignEncoding.maxTrustedCommentByteCount, what: "the trusted comment")
        try MinisignEncoding.checkComment(
            untrustedComment, maxByteCount: MinisignEncoding.maxUntrustedCommentByteCount,
            what: "the untrusted comment")
        let signature = try privateKey.ed25519Signature(for: digest.bytes)
        self.algorithm = .prehashed
        self.keyID = keyID
        self.signature = signature
        self.untrustedComment = untrustedComment
        self.trustedComment = trustedComment
        self.globalSignature = try privateKey.ed25519Signature(for: Self.globalMessage(signature, trustedComment))
    }

    /// Signs `message` in the prehashed mode; the same as hashing it with `BLAKE2b512` and calling
    /// `init(signingDigest:with:keyID:trustedComment:untrustedComment:)`.
    /// Throws `CryptoError`.
    public init(
        signing message: some DataProtocol, with privateKey: Ed25519.PrivateKey, keyID: MinisignKeyID,
        trustedComment: String, untrustedComment: String? = nil
    ) throws {
        try self.init(
            signingDigest: BLAKE2b512.hash(data: message), with: privateKey, keyID: keyID,
            trustedComment: trustedComment, untrustedComment: untrustedComment)
    }

    /// Parses a `.minisig` file exactly as minisign writes it: four lines, each ended by LF, nothing
    /// after. Throws `CryptoError` `.invalidEncoding` for any deviation: a missing prefix, an algorithm other than
    /// "ED" or "Ed", a wrong length, non-canonical base64, CR, NUL, non-UTF-8 comments, or comments
    /// longer than minisign reads. Parsing checks no signature; call `verify`.
    public init(fileRepresentation: some Sequence<UInt8>) throws {
        let lines = try MinisignEncoding.lines(Array(fileRepresentation), count: 4, what: "a minisign signature file")
        untrustedComment = try MinisignEncoding.comment(
            lines[0], prefix: MinisignEncoding.untrustedCommentPrefix,
            maxByteCount: MinisignEncoding.maxUntrustedCommentByteCount, what: "the untrusted comment")
        let raw = try MinisignEncoding.decodeBase64(
            lines[1], byteCount: Self.signatureByteCount, what: "a minisign signature")
        if raw.starts(with: Self.prehashedAlgorithm) {
            algorithm = .prehashed
        } else if raw.starts(with: Self.legacyAlgorithm) {
            algorithm = .legacy
        } else {
            throw CryptoError(.invalidEncoding, "a minisign signature must use algorithm \"ED\" or \"Ed\"")
        }
        keyID = MinisignKeyID(checked: Array(raw[2..<(2 + MinisignKeyID.byteCount)]))
        signature = try Ed25519.Signature(rawRepresentation: raw[(2 + MinisignKeyID.byteCount)...])
        trustedComment = try MinisignEncoding.comment(
            lines[2], prefix: MinisignEncoding.trustedCommentPrefix,
            maxByteCount: MinisignEncoding.maxTrustedCommentByteCount, what: "the trusted comment")
        globalSignature = try Ed25519.Signature(
            rawRepresentation: try MinisignEncoding.decodeBase64(lines[3], byteCount: 64, what: "a global signature"))
    }

    /// The `.minisig` file, byte for byte as minisign would write these fields.
    public var fileRepresentation: String {
        let name = algorithm == .prehashed ? Self.prehashedAlgorithm : Self.legacyAlgorithm
        let encodedSignature = MinisignEncoding.encodeBase64(
            name + keyID.bytes + signature.rawBytes)
        return MinisignEncoding.untrustedCommentPrefix + untrustedComment + "\n" + encodedSignature + "\n"
            + MinisignEncoding.trustedCommentPrefix + trustedComment + "\n"
            + MinisignEncoding.encodeBase64(globalSignature.rawBytes) + "\n"
    }

    /// Checks a prehashed ("ED") signature against the BLAKE2b-512 digest of the file and returns the
    /// now authentic trusted comment. Throws `CryptoError.authenticationFailure` if the key ID, the
    /// file signature or the global signature does not match, without saying which; `.invalidParameter`
    /// for another digest or for a legacy signature, which needs the file itself (`verify(_:using:)`).
    @discardableResult
    public func verify(digest: Digest, using publicKey: MinisignPublicKey) throws -> String {
        guard digest.algorithm == .blake2b512 else {
            throw CryptoError(.invalidParameter, "minisign signs BLAKE2b-512 digests, got \(digest.algorithm)")
        }
        guard algorithm == .prehashed else {
            throw CryptoError(.invalidParameter, "a legacy \"Ed\" minisign signature is checked against the file")
        }
        return try check(
            fileSignatureValid: publicKey.publicKey.isValidSignature(signature, for: digest.bytes), publicKey)
    }

    /// Checks the signature against the file contents in either mode, as `minisign -V` does, and
    /// returns the now authentic trusted comment. Throws `CryptoError.authenticationFailure` on any
    /// mismatch, without saying which.
    @discardableResult
    public func verify(_ message: some DataProtocol, using publicKey: MinisignPublicKey) throws
        -> String
    {
        switch algorithm {
        case .prehashed:
            return try verify(digest: BLAKE2b512.hash(data: message), using: publicKey)
        case .legacy:
            return try check(
                fileSignatureValid: publicKey.publicKey.isValidSignature(signature, for: message), publicKey)
        }
    }

    /// Combines every check before deciding, so the outcome and the work done do not reveal which failed.
    private func check(fileSignatureValid: Bool, _ publicKey: MinisignPublicKey) throws(CryptoError) -> String {
        let keyIDMatches = keyID == publicKey.keyID
        let globalValid = publicKey.publicKey.isValidSignature(
            globalSignature, for: Self.globalMessage(signature, trustedComment))
        guard keyIDMatches, fileSignatureValid, globalValid else { throw CryptoError.authenticationFailure }
        return trustedComment
    }

    static func globalMessage(_ signature: Ed25519.Signature, _ trustedComment: String) -> [UInt8] {
        signature.rawBytes + Array(trustedComment.utf8)
    }
}
