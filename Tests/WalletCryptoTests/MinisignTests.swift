import Foundation
import TestSupport
import Testing
import WalletCrypto

/// minisign public keys and `.minisig` files, checked against the real `minisign` command line.
/// A missing `minisign` fails these tests: `runPeer` throws when `env` cannot start it.
@Suite("minisign formats, interop with the minisign CLI")
struct MinisignTests {
    static let trustedComments = [
        "", "plain", "timestamp:1700000000\tfile:release.tar.gz\thashed", "  spaces  around and inside  ",
        "UTF-8: héllo wörld ✓ 日本語 🔐", String(repeating: "t", count: 8173),
    ]

    static let contents: [[UInt8]] = [
        [], Array("hello\n".utf8), Array("no final newline\r\n\u{0}binary".utf8),
        SecureRandom.bytes(count: 1 << 20),
    ]

    struct Signer {
        let key = Ed25519.PrivateKey()
        let keyID = MinisignKeyID.random()
        var publicKey: MinisignPublicKey { MinisignPublicKey(publicKey: key.publicKey, keyID: keyID) }

        func sign(_ message: [UInt8], _ trustedComment: String) throws -> MinisignSignature {
            try MinisignSignature(signing: message, with: key, keyID: keyID, trustedComment: trustedComment)
        }
    }

    // MARK: - Helpers

    func write(_ folder: URL, _ name: String, _ bytes: some Sequence<UInt8>) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// Runs `minisign` expecting it to refuse, and returns its exit status. A status of 127 (not
    /// installed) or a crash fails the test, so a refusal is never confused with a missing peer.
    func minisignRefuses(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        do {
            let output = try runPeer(["minisign"] + arguments)
            Issue.record("minisign accepted: \(output)", sourceLocation: sourceLocation)
        } catch let failure as PeerFailure {
            let status = failure.description.split(separator: " ").last.flatMap { Int($0) }
            #expect(status == 1 || status == 2, "\(failure)", sourceLocation: sourceLocation)
        }
    }

    func expectError(
        _ code: CryptoError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("expected \(code), got success", sourceLocation: sourceLocation)
        } catch let error as CryptoError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            if code == .authenticationFailure {
                #expect(error == CryptoError.authenticationFailure, sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
        }
    }

    func replacingLine(_ file: String, _ index: Int, _ line: String) -> [UInt8] {
        var lines = file.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[index] = line
        return Array(lines.joined(separator: "\n").utf8)
    }

    /// A key pair made by `minisign -G -W` (no password), with the parsed public key.
    func minisignKeyPair(_ folder: URL) throws -> (secret: String, public: String, key: MinisignPublicKey) {
        let secret = folder.appendingPathComponent("minisign.key").path
        let pub = folder.appendingPathComponent("minisign.pub").path
        _ = try runPeer(["minisign", "-G", "-W", "-p", pub, "-s", secret])
        return (secret, pub, try MinisignPublicKey(fileRepresentation: try read(pub)))
    }

    // MARK: - Our output, checked by minisign

    @Test(arguments: 0..<contents.count)
    func minisignVerifiesOurSignatures(contentIndex: Int) throws {
        let message = Self.contents[contentIndex]
        let signer = Signer()
        try withTemporaryFolder("minisign-ours") { folder in
            let messagePath = try write(folder, "file.bin", message)
            let pubPath = try write(folder, "key.pub", Array(signer.publicKey.fileRepresentation.utf8))
            for (index, comment) in Self.trustedComments.enumerated() {
                let signature = try signer.sign(message, comment)
                #expect(signature.algorithm == .prehashed)
                #expect(try signature.verify(message, using: signer.publicKey) == comment)
                #expect(
                    try MinisignSignature(fileRepresentation: Array(signature.fileRepresentation.utf8)) == signature)
                let defaultPath = try write(folder, "file.bin.minisig", Array(signature.fileRepresentation.utf8))
                #expect(try runPeer(["minisign", "-V", "-Q", "-m", messagePath, "-p", pubPath]) == comment + "\n")
                let explicitPath = try write(folder, "sig-\(index)", try read(defaultPath))
                #expect(
                    try runPeer(["minisign", "-V", "-Q", "-m", messagePath, "-p", pubPath, "-x", explicitPath])
                        == comment + "\n")
                // -P takes the bare base64 line; -H insists on the prehashed "ED" mode we produce.
                _ = try runPeer([
                    "minisign", "-V", "-H", "-q", "-m", messagePath, "-P", signer.publicKey.base64Representation,
                    "-x", explicitPath,
                ])
            }
        }
    }

    @Test func streamedDigestGivesTheSameSignature() throws {
        let message = Self.contents[3]
        let signer = Signer()
        var hasher = BLAKE2b512()
        var offset = 0
        while offset < message.count {
            let end = min(message.count, offset + 65_536 + 17)
            hasher.update(data: message[offset..<end])
            offset = end
        }
        let digest = hasher.finalize()
        let streamed = try MinisignSignature(
            signingDigest: digest, with: signer.key, keyID: signer.keyID, trustedComment: "streamed")
        #expect(streamed == (try signer.sign(message, "streamed")))
        #expect(try streamed.verify(digest: digest, using: signer.publicKey) == "streamed")
        expectError(.authenticationFailure) {
            try streamed.verify(digest: BLAKE2b512.hash(data: message.dropLast()), using: signer.publicKey)
        }
        expectError(.invalidParameter) {
            try streamed.verify(digest: SHA512.hash(data: message), using: signer.publicKey)
        }
        expectError(.invalidParameter) {
            _ = try MinisignSignature(
                signingDigest: SHA512.hash(data: message), with: signer.key, keyID: signer.keyID, trustedComment: "")
        }
    }

    // MARK: - minisign's output, checked by us

    @Test func weVerifyMinisignSignatures() throws {
        try withTemporaryFolder("minisign-theirs") { folder in
            let pair = try minisignKeyPair(folder)
            let pubFile = try read(pair.public)
            #expect(pair.key.base64Representation == String(decoding: pubFile, as: UTF8.self).split(separator: "\n")[1])
            for (contentIndex, message) in Self.contents.enumerated() {
                let messagePath = try write(folder, "file-\(contentIndex)", message)
                for comment in Self.trustedComments.dropFirst().dropLast() {
                    let prehashedPath = messagePath + ".minisig"
                    _ = try runPeer(["minisign", "-S", "-s", pair.secret, "-m", messagePath, "-t", comment])
                    let prehashedFile = try read(prehashedPath)
                    let prehashed = try MinisignSignature(fileRepresentation: prehashedFile)
                    #expect(prehashed.algorithm == .prehashed)
                    #expect(prehashed.keyID == pair.key.keyID)
                    #expect(Array(prehashed.fileRepresentation.utf8) == prehashedFile)
                    #expect(try prehashed.verify(message, using: pair.key) == comment)
                    #expect(try prehashed.verify(digest: BLAKE2b512.hash(data: message), using: pair.key) == comment)

                    let legacyPath = messagePath + ".legacy"
                    _ = try runPeer([
                        "minisign", "-S", "-l", "-s", pair.secret, "-m", messagePath, "-x", legacyPath, "-t", comment,
                    ])
                    let legacy = try MinisignSignature(fileRepresentation: try read(legacyPath))
                    #expect(legacy.algorithm == .legacy)
                    #expect(try legacy.verify(message, using: pair.key) == comment)
                    expectError(.invalidParameter) {
                        try legacy.verify(digest: BLAKE2b512.hash(data: message), using: pair.key)
                    }
                    if !message.isEmpty {
                        expectError(.authenticationFailure) { try legacy.verify(message.dropLast(), using: pair.key) }
                    }
                }
            }
        }
    }

    /// minisign prints the key ID as the little-endian number in uppercase hex; ours must read the same.
    @Test func keyIDByteOrderMatchesMinisign() throws {
        try withTemporaryFolder("minisign-keyid") { folder in
            let pair = try minisignKeyPair(folder)
            let text = String(decoding: try read(pair.public), as: UTF8.self)
            let firstLine = text.split(separator: "\n")[0]
            #expect(firstLine.hasPrefix("untrusted comment: minisign public key "))
            let printed = try #require(UInt64(firstLine.split(separator: " ").last ?? "", radix: 16))
            #expect(UInt64(pair.key.keyID.description, radix: 16) == printed)
            #expect(pair.key.keyID.description.count == 16)
            let raw = pair.key.keyID.rawRepresentation
            #expect(raw.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } == printed)
            // Our key file is accepted by minisign and keeps the bytes it wrote.
            let ours = try MinisignPublicKey(fileRepresentation: Array(pair.key.fileRepresentation.utf8))
            #expect(ours == pair.key)
        }
        let id = try MinisignKeyID(rawRepresentation: [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x00])
        #expect(id.description == "0007060504030201")
    }

    // MARK: - Rejections

    @Test func tamperingIsRejectedByUsAndByMinisign() throws {
        let message = Array("the release notes\n".utf8)
        let signer = Signer()
        let signature = try signer.sign(message, "version 1.2.3")
        let file = signature.fileRepresentation
        try withTemporaryFolder("minisign-tamper") { folder in
            let messagePath = try write(folder, "file", message)
            let pubPath = try write(folder, "key.pub", Array(signer.publicKey.fileRepresentation.utf8))
            let sigPath = try write(folder, "file.minisig", Array(file.utf8))
            _ = try runPeer(["minisign", "-V", "-q", "-m", messagePath, "-p", pubPath, "-x", sigPath])

            // A changed file.
            var tampered = message
            tampered[0] ^= 0x01
            expectError(.authenticationFailure) { try signature.verify(tampered, using: signer.publicKey) }
            let tamperedPath = try write(folder, "tampered", tampered)
            try minisignRefuses(["-V", "-m", tamperedPath, "-p", pubPath, "-x", sigPath])

            // A changed trusted comment.
            let commentFile = replacingLine(file, 2, "trusted comment: version 1.2.4")
            let commentSignature = try MinisignSignature(fileRepresentation: commentFile)
            expectError(.authenticationFailure) { try commentSignature.verify(message, using: signer.publicKey) }
            let commentPath = try write(folder, "comment.minisig", commentFile)
            try minisignRefuses(["-V", "-m", messagePath, "-p", pubPath, "-x", commentPath])

            // A changed untrusted comment is allowed: nothing signs it.
            let untrusted = try MinisignSignature(fileRepresentation: replacingLine(file, 0, "untrusted comment: x"))
            #expect(try untrusted.verify(message, using: signer.publicKey) == "version 1.2.3")

            // Another key that claims the same key ID.
            let impostor = MinisignPublicKey(publicKey: Ed25519.PrivateKey().publicKey, keyID: signer.keyID)
            expectError(.authenticationFailure) { try signature.verify(message, using: impostor) }
            let impostorPath = try write(folder, "impostor.pub", Array(impostor.fileRepresentation.utf8))
            try minisignRefuses(["-V", "-m", messagePath, "-p", impostorPath, "-x", sigPath])

            // The right key under another key ID.
            let renamed = MinisignPublicKey(publicKey: signer.key.publicKey, keyID: .random())
            expectError(.authenticationFailure) { try signature.verify(message, using: renamed) }
            let renamedPath = try write(folder, "renamed.pub", Array(renamed.fileRepresentation.utf8))
            try minisignRefuses(["-V", "-m", messagePath, "-p", renamedPath, "-x", sigPath])

            // A truncated signature file: every proper prefix is malformed to us; minisign refuses too.
            let bytes = Array(file.utf8)
            for length in 0..<bytes.count {
                expectError(.invalidEncoding) { _ = try MinisignSignature(fileRepresentation: bytes[0..<length]) }
            }
            for length in [0, 40, bytes.count / 2, bytes.count - 30] {
                let truncatedPath = try write(folder, "truncated-\(length)", bytes[0..<length])
                try minisignRefuses(["-V", "-m", messagePath, "-p", pubPath, "-x", truncatedPath])
            }

            // Bad base64 in the signature line.
            let lines = file.split(separator: "\n").map(String.init)
            let badLine = "*" + lines[1].dropFirst()
            let badPath = try write(folder, "bad.minisig", replacingLine(file, 1, badLine))
            expectError(.invalidEncoding) {
                _ = try MinisignSignature(fileRepresentation: replacingLine(file, 1, badLine))
            }
            try minisignRefuses(["-V", "-m", messagePath, "-p", pubPath, "-x", badPath])
        }
    }

    @Test func everyFlippedBitOfTheSignatureFails() throws {
        let message = Array("flip".utf8)
        let signer = Signer()
        let signature = try signer.sign(message, "comment")
        let lines = signature.fileRepresentation.split(separator: "\n").map(String.init)
        for (lineIndex, byteCount) in [(1, 74), (3, 64)] {
            let raw = Array(try #require(Data(base64Encoded: lines[lineIndex])))
            #expect(raw.count == byteCount)
            for index in raw.indices {
                for mask: UInt8 in [0x01, 0x20, 0x80] {
                    var flipped = raw
                    flipped[index] ^= mask
                    let file = replacingLine(
                        signature.fileRepresentation, lineIndex, Data(flipped).base64EncodedString())
                    do {
                        try MinisignSignature(fileRepresentation: file).verify(message, using: signer.publicKey)
                        Issue.record("flipped byte \(index) of line \(lineIndex) with \(mask) verified")
                    } catch let error as CryptoError {
                        // Only the algorithm bytes may fail as encoding; "ED" to "Ed" names the legacy mode.
                        let allowed: [CryptoError.Code] =
                            lineIndex == 1 && index < 2
                            ? [.invalidEncoding, .authenticationFailure] : [.authenticationFailure]
                        #expect(allowed.contains(error.code), "byte \(index) of line \(lineIndex): \(error)")
                    } catch {
                        Issue.record("unexpected \(error)")
                    }
                }
            }
        }
    }

    /// Random byte changes anywhere in the file never crash and never verify, unless they only touch
    /// the untrusted comment.
    @Test func randomMutationsNeverVerify() throws {
        let message = Array("mutations".utf8)
        let signer = Signer()
        let original = Array(try signer.sign(message, "mutate me").fileRepresentation.utf8)
        let firstLineEnd = try #require(original.firstIndex(of: 0x0A))
        var generator = SecureRandomNumberGenerator()
        for _ in 0..<3000 {
            var mutated = original
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<mutated.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: mutated[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: mutated.remove(at: index)
                default: mutated.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
            }
            guard let parsed = try? MinisignSignature(fileRepresentation: mutated),
                (try? parsed.verify(message, using: signer.publicKey)) != nil
            else { continue }
            let tail = try #require(mutated.firstIndex(of: 0x0A))
            #expect(Array(mutated[tail...]) == Array(original[firstLineEnd...]))
        }
    }

    @Test func malformedSignatureFilesAreRejected() throws {
        let signer = Signer()
        let file = try signer.sign([1, 2, 3], "ok").fileRepresentation
        let lines = file.split(separator: "\n").map(String.init)
        let raw = Array(try #require(Data(base64Encoded: lines[1])))
        let global = Array(try #require(Data(base64Encoded: lines[3])))
        func reencoded(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
        func replaced(_ index: Int, _ line: String) -> String {
            String(decoding: replacingLine(file, index, line), as: UTF8.self)
        }
        let cases: [String] = [
            file.replacingOccurrences(of: "\n", with: "\r\n"),
            String(file.dropLast()),
            file + "\n",
            file + "extra",
            file + "untrusted comment: again\n",
            replaced(0, "Untrusted comment: x"),
            replaced(0, "untrusted comment:x"),
            replaced(2, "trusted comments: ok"),
            replaced(0, "untrusted comment: a\u{0}b"),
            replaced(0, "untrusted comment: a\rb"),
            replaced(0, "untrusted comment: " + String(repeating: "u", count: 1004)),
            replaced(2, "trusted comment: " + String(repeating: "t", count: 8174)),
            replaced(1, reencoded(Array("EE".utf8) + raw.dropFirst(2))),
            replaced(1, reencoded(Array("ed".utf8) + raw.dropFirst(2))),
            replaced(1, reencoded(raw.dropLast())),
            replaced(1, reencoded(raw + [0])),
            replaced(1, " " + lines[1]),
            replaced(1, lines[1] + " "),
            replaced(1, lines[1] + "="),
            replaced(3, String(lines[3].dropLast(2))),
            replaced(3, reencoded(global.dropLast())),
            replaced(3, reencoded(global + [0])),
            replaced(3, lines[3].replacingOccurrences(of: "+", with: "-")),
            lines[0] + "\n" + lines[1] + "\n" + lines[3] + "\n",
            "",
            "\n\n\n\n",
        ]
        for (index, text) in cases.enumerated() where text != file {
            do {
                _ = try MinisignSignature(fileRepresentation: Array(text.utf8))
                Issue.record("case \(index) was accepted")
            } catch let error as CryptoError {
                #expect(error.code == .invalidEncoding, "case \(index): \(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        // Non-zero padding bits: minisign 0.11 accepts them, we do not (one encoding per value).
        let last = lines[3].index(lines[3].endIndex, offsetBy: -3)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let digit = try #require(alphabet.firstIndex(of: lines[3][last]))
        var nonCanonical = lines[3]
        nonCanonical.replaceSubrange(last...last, with: String(alphabet[digit ^ 1]))
        #expect(Data(base64Encoded: nonCanonical).map(Array.init) == global)
        expectError(.invalidEncoding) {
            _ = try MinisignSignature(fileRepresentation: replacingLine(file, 3, nonCanonical))
        }
        // Non-UTF-8 comment bytes.
        var latin1 = Array(file.utf8)
        latin1.insert(0xE9, at: "untrusted comment: ".utf8.count)
        expectError(.invalidEncoding) { _ = try MinisignSignature(fileRepresentation: latin1) }
    }

    @Test func malformedPublicKeysAreRejected() throws {
        let key = Signer().publicKey
        let line = key.base64Representation
        let raw = Array(try #require(Data(base64Encoded: line)))
        #expect(line.count == 56 && raw.count == 42)
        #expect(try MinisignPublicKey(base64Representation: line) == key)
        #expect(try MinisignPublicKey(fileRepresentation: Array(key.fileRepresentation.utf8)) == key)
        let custom = try key.fileRepresentation(untrustedComment: "release key 2025 — ✓")
        #expect(try MinisignPublicKey(fileRepresentation: Array(custom.utf8)) == key)
        #expect(custom.hasPrefix("untrusted comment: release key 2025 — ✓\n"))
        func reencoded(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
        let badLines = [
            "", line + "\n", " " + line, line + " ", line + "=", String(line.dropLast()),
            reencoded(Array("ED".utf8) + raw.dropFirst(2)), reencoded(Array("Sc".utf8) + raw.dropFirst(2)),
            reencoded(raw.dropLast()), reencoded(raw + [0]), line.replacingOccurrences(of: "/", with: "_"),
            key.fileRepresentation,
        ]
        for bad in badLines where bad != line {
            expectError(.invalidEncoding) { _ = try MinisignPublicKey(base64Representation: bad) }
        }
        let file = key.fileRepresentation
        let badFiles = [
            line, line + "\n", String(file.dropLast()), file + "\n", file + "x",
            file.replacingOccurrences(of: "\n", with: "\r\n"),
            "untrusted comment:\n" + line + "\n", "trusted comment: x\n" + line + "\n",
            "untrusted comment: a\u{0}\n" + line + "\n",
            "untrusted comment: " + String(repeating: "c", count: 1004) + "\n" + line + "\n",
        ]
        for bad in badFiles {
            expectError(.invalidEncoding) { _ = try MinisignPublicKey(fileRepresentation: Array(bad.utf8)) }
        }
        expectError(.invalidEncoding) { _ = try MinisignKeyID(rawRepresentation: [1, 2, 3]) }
        for comment in ["a\nb", "a\rb", "a\u{0}b", String(repeating: "c", count: 1004)] {
            expectError(.invalidParameter) { _ = try key.fileRepresentation(untrustedComment: comment) }
        }
    }

    @Test func commentsWeWriteStayOnOneLine() throws {
        let signer = Signer()
        for comment in ["a\nb", "a\r", "\r\n", "nul\u{0}", String(repeating: "t", count: 8174)] {
            expectError(.invalidParameter) { _ = try signer.sign([], comment) }
            expectError(.invalidParameter) {
                _ = try MinisignSignature(
                    signing: [UInt8](), with: signer.key, keyID: signer.keyID, trustedComment: "ok",
                    untrustedComment: comment)
            }
        }
        _ = try MinisignSignature(
            signing: [UInt8](), with: signer.key, keyID: signer.keyID, trustedComment: "ok",
            untrustedComment: String(repeating: "u", count: 1003))
    }
}
