import Foundation
import Glibc
import WalletCrypto

/// A keystore folder (`docs/spec/keystore-v1.md`): one encrypted private key, its public key, the
/// wrong-passphrase record and the signing journal.
///
/// Security contract: the private key is only ever on disk sealed (`keyfile-v1`, scrypt) and in
/// memory between `unlock` and the end of a command. Wrong passphrases are counted before they are
/// tried, delayed exponentially, and lock the keystore for good after `maxAttempts`. There is no
/// plain export; `backup` writes the key re-sealed under a backup passphrase.
public struct Keystore: Sendable {
    /// The folder.
    public let folder: String
    /// The key's algorithm.
    public let algorithm: SignerAlgorithm
    /// The public key.
    public let publicKey: SignerPublicKey
    /// Wrong passphrases that lock the keystore.
    public let maxAttempts: Int
    /// The first delay after a wrong passphrase, in seconds; it doubles with each further one.
    public let delayBase: Int

    static let header = "walletcustody-keystore-v1"

    /// The key ID.
    public var keyID: KeyID { publicKey.keyID }

    var keyPath: String { folder + "/key.wckey" }
    var attemptsPath: String { folder + "/attempts" }
    /// The signing journal's path.
    public var journalPath: String { folder + "/journal" }

    /// Creates a keystore folder holding `key` sealed under `passphrase`. Refuses an existing,
    /// non-empty folder, so a keystore is never overwritten.
    static func create(
        at folder: String, key: SignerKey, passphrase: SecureBytes, label: String, maxAttempts: Int = 10,
        delayBase: Int = 1, scrypt: Scrypt.Parameters = .keyFileDefault
    ) throws(SignerError) -> Keystore {
        guard (1...1000).contains(maxAttempts), (0...3600).contains(delayBase) else {
            throw SignerError(.usage, "max attempts is 1 to 1000 and the delay base 0 to 3600 seconds")
        }
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: folder), !contents.isEmpty {
            throw SignerError(.ioFailure, "the folder \(folder) is not empty; a keystore is never overwritten")
        }
        guard mkdir(folder, 0o700) == 0 || errno == EEXIST else {
            throw SignerError(
                .ioFailure, "cannot create the keystore folder \(folder): \(String(cString: strerror(errno)))")
        }
        let file = try key.sealed(passphrase: passphrase, label: label, parameters: scrypt)
        let keystore = Keystore(
            folder: folder, algorithm: key.publicKey.algorithm, publicKey: key.publicKey, maxAttempts: maxAttempts,
            delayBase: delayBase)
        try FileAccess.write(Array(file.armoredRepresentation.utf8), to: keystore.keyPath, what: "key file")
        try FileAccess.write(
            Array(key.publicKey.pemRepresentation.utf8), to: folder + "/public.pem", what: "public key")
        try FileAccess.write(AttemptRecord().bytes, to: keystore.attemptsPath, what: "attempts file")
        try FileAccess.write(SigningJournal.empty, to: keystore.journalPath, what: "journal")
        // The description file goes last: a folder without it is an interrupted init, not a keystore.
        try FileAccess.write(keystore.description, to: folder + "/keystore", what: "keystore file")
        return keystore
    }

    private init(
        folder: String, algorithm: SignerAlgorithm, publicKey: SignerPublicKey, maxAttempts: Int, delayBase: Int
    ) {
        self.folder = folder
        self.algorithm = algorithm
        self.publicKey = publicKey
        self.maxAttempts = maxAttempts
        self.delayBase = delayBase
    }

    /// Opens the keystore at `folder` without the passphrase, checking that its files agree.
    public init(opening folder: String) throws(SignerError) {
        var lines = try TextLines(
            try FileAccess.read(folder + "/keystore", what: "keystore file"), file: "keystore file")
        try lines.expect(Self.header, orElse: "is not a walletcustody-keystore-v1 file")
        guard let algorithm = SignerAlgorithm(rawValue: try lines.required("algorithm")) else {
            throw SignerError(.invalidFile, "the keystore names an unknown algorithm")
        }
        let keyID = try TextLines.hex(try lines.required("key"), bytes: 16, "keystore key id")
        let maxAttempts = Int(try TextLines.count(try lines.required("max-attempts"), "max attempts", maximum: 1000))
        let delayBase = Int(try TextLines.count(try lines.required("delay-base"), "delay base", maximum: 3600))
        try lines.finish()
        let publicKey = try SignerPublicKey(contentsOfFile: folder + "/public.pem")
        let keyFile = try Self.keyFile(folder + "/key.wckey")
        guard publicKey.algorithm == algorithm, publicKey.keyID.bytes == keyID,
            keyFile.publicKeyDER == publicKey.derRepresentation
        else { throw SignerError(.invalidFile, "the keystore is damaged: its key file, public key and ID disagree") }
        self.init(
            folder: folder, algorithm: algorithm, publicKey: publicKey, maxAttempts: max(1, maxAttempts),
            delayBase: delayBase)
    }

    /// Runs `body` holding an exclusive lock on the keystore (`flock` on its `lock` file), so two
    /// signer processes never interleave the attempt count, the replay check and the journal.
    public func exclusively<T>(_ body: () throws(SignerError) -> T) throws(SignerError) -> T {
        let descriptor = open(folder + "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SignerError(.ioFailure, "cannot open the keystore lock: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw SignerError(.ioFailure, "cannot lock the keystore: \(String(cString: strerror(errno)))")
            }
        }
        return try body()
    }

    /// The wrong-passphrase record.
    public func attempts() throws(SignerError) -> AttemptRecord {
        try AttemptRecord(parsing: try FileAccess.read(attemptsPath, what: "attempts file"))
    }

    /// Opens the private key, enforcing the lockout, the delay and the attempt count.
    func unlock(passphrase: SecureBytes, now: Date = Date()) throws(SignerError) -> SignerKey {
        var record = try attempts()
        guard !record.locked else {
            throw SignerError(
                .locked, "the keystore is locked after \(record.failures) wrong passphrases; restore it from a backup")
        }
        let wait = record.wait(at: now, base: delayBase)
        guard wait == 0 else {
            throw SignerError(.throttled, "a wrong passphrase was given recently; wait \(wait) s before trying again")
        }
        let keyFile = try Self.keyFile(keyPath)
        // Counted before the work, so killing the process mid-attempt cannot reset the count.
        record.failures += 1
        record.lastFailure = now
        record.locked = record.failures >= maxAttempts
        try FileAccess.write(record.bytes, to: attemptsPath, what: "attempts file")
        let key: SignerKey
        do {
            key = try SignerKey(opening: keyFile, passphrase: passphrase)
        } catch  where error.code == .wrongPassphrase {
            let left = maxAttempts - record.failures
            throw SignerError(
                .wrongPassphrase,
                left > 0
                    ? "the passphrase is wrong; \(left) attempt\(left == 1 ? "" : "s") left before the keystore locks"
                    : "the passphrase is wrong; the keystore is now locked, restore it from a backup")
        }
        try FileAccess.write(AttemptRecord().bytes, to: attemptsPath, what: "attempts file")
        return key
    }

    /// Writes the key re-sealed under `backupPassphrase` to `path`: the only way a key leaves.
    public func backup(passphrase: SecureBytes, backupPassphrase: SecureBytes, to path: String) throws(SignerError) {
        let key = try exclusively { () throws(SignerError) in try unlock(passphrase: passphrase) }
        let file = try key.sealed(
            passphrase: backupPassphrase, label: "offline-signer backup \(keyID)", parameters: .keyFileDefault)
        try FileAccess.write(Array(file.armoredRepresentation.utf8), to: path, what: "backup")
    }

    /// Creates a new keystore at `folder` from a backup written by `backup`.
    public static func restore(
        from backupPath: String, backupPassphrase: SecureBytes, to folder: String, passphrase: SecureBytes,
        maxAttempts: Int = 10, delayBase: Int = 1, scrypt: Scrypt.Parameters = .keyFileDefault
    ) throws(SignerError) -> Keystore {
        let key = try SignerKey(opening: try keyFile(backupPath), passphrase: backupPassphrase)
        return try create(
            at: folder, key: key, passphrase: passphrase, label: "offline-signer", maxAttempts: maxAttempts,
            delayBase: delayBase, scrypt: scrypt)
    }

    /// Creates a keystore with a fresh key of `algorithm`.
    public static func create(
        at folder: String, algorithm: SignerAlgorithm, passphrase: SecureBytes, maxAttempts: Int = 10,
        delayBase: Int = 1, scrypt: Scrypt.Parameters = .keyFileDefault
    ) throws(SignerError) -> Keystore {
        try create(
            at: folder, key: SignerKey(generating: algorithm), passphrase: passphrase, label: "offline-signer",
            maxAttempts: maxAttempts, delayBase: delayBase, scrypt: scrypt)
    }

    private static func keyFile(_ path: String) throws(SignerError) -> EncryptedKeyFile {
        let text = String(decoding: try FileAccess.read(path, what: "key file", limit: 64 << 10), as: UTF8.self)
        do {
            return try EncryptedKeyFile(armoredRepresentation: text)
        } catch {
            throw SignerError(.invalidFile, "the key file \(path) is not a keyfile-v1 file: \(error.reason)")
        }
    }

    private var description: [UInt8] {
        Array(
            "\(Self.header)\nalgorithm: \(algorithm.rawValue)\nkey: \(keyID)\nmax-attempts: \(maxAttempts)\ndelay-base: \(delayBase)\nend\n"
                .utf8)
    }
}
