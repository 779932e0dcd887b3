import Foundation
import Glibc
import WalletCrypto

/// A keystore folder (`docs/spec/keystore-v1.md`): one encrypted private key, its public key, the
/// wrong-passphrase record and the signing journal.
///
/// Security contract: the private key is only ever on disk sealed (`keyfile-v1`, scrypt at about
/// 1 s a guess) and in memory between `unlock` and the end of a command. Wrong passphrases are
/// counted before they are tried, delayed exponentially, journalled, and after `maxAttempts` the
/// sealed key file is overwritten and removed, so editing the attempts file cannot undo a lock.
/// These hold against someone confined to the CLI; anyone who can copy the folder can guess offline
/// at the KDF's cost. There is no plain export; `backup` writes a `backup-v1` file.
public struct Keystore: Sendable {
    /// The folder.
    public let folder: String
    /// The key's algorithm.
    public let algorithm: SignerAlgorithm
    /// The public key.
    public let publicKey: SignerPublicKey
    /// The profile the key file is sealed in: ShangMi for SM2 keystores created since issue 13.
    public let profile: AlgorithmProfile
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
        delayBase: Int = 1, scrypt: Scrypt.Parameters = defaultScrypt, journal: [UInt8] = SigningJournal.empty
    ) throws(SignerError) -> Keystore {
        guard (1...1000).contains(maxAttempts), (0...3600).contains(delayBase) else {
            throw SignerError(.usage, "max attempts is 1 to 1000 and the delay base 0 to 3600 seconds")
        }
        try makePrivateFolder(folder)
        let file = try key.sealed(passphrase: passphrase, label: label, parameters: scrypt)
        let keystore = Keystore(
            folder: folder, algorithm: key.publicKey.algorithm, publicKey: key.publicKey,
            profile: SignerKey.profile(for: key.publicKey.algorithm), maxAttempts: maxAttempts, delayBase: delayBase)
        try FileAccess.write(Array(file.armoredRepresentation.utf8), to: keystore.keyPath, what: "key file")
        try FileAccess.write(
            Array(key.publicKey.pemRepresentation.utf8), to: folder + "/public.pem", what: "public key")
        try FileAccess.write(AttemptRecord().bytes, to: keystore.attemptsPath, what: "attempts file")
        try FileAccess.write(journal, to: keystore.journalPath, what: "journal")
        // The description file goes last: a folder without it is an interrupted init, not a keystore.
        try FileAccess.write(keystore.description, to: folder + "/keystore", what: "keystore file")
        return keystore
    }

    private init(
        folder: String, algorithm: SignerAlgorithm, publicKey: SignerPublicKey, profile: AlgorithmProfile,
        maxAttempts: Int, delayBase: Int
    ) {
        self.folder = folder
        self.algorithm = algorithm
        self.publicKey = publicKey
        self.profile = profile
        self.maxAttempts = maxAttempts
        self.delayBase = delayBase
    }

    /// Opens the keystore at `folder` without the passphrase, checking that its files agree.
    /// Throws `SignerError`.
    public init(opening folder: String) throws {
        var lines = try TextLines(
            try FileAccess.read(folder + "/keystore", what: "keystore file"), file: "keystore file")
        try lines.expect(Self.header, orElse: "is not a walletcustody-keystore-v1 file")
        guard let algorithm = SignerAlgorithm(rawValue: try lines.required("algorithm")) else {
            throw SignerError(.invalidFile, "the keystore names an unknown algorithm")
        }
        // One encoding per keystore: the line exists only for the ShangMi profile.
        let profileLine = try lines.optional("profile")
        guard profileLine.map({ $0.utf8.elementsEqual("ShangMi".utf8) }) ?? true else {
            throw SignerError(.invalidFile, "the keystore names an unknown profile")
        }
        let profile: AlgorithmProfile = profileLine == nil ? .standard : .shangMi
        let keyID = try TextLines.hex(try lines.required("key"), bytes: 16, "keystore key id")
        let maxAttempts = Int(try TextLines.count(try lines.required("max-attempts"), "max attempts", maximum: 1000))
        let delayBase = Int(try TextLines.count(try lines.required("delay-base"), "delay base", maximum: 3600))
        try lines.finish()
        let publicKey = try SignerPublicKey(contentsOfFile: folder + "/public.pem")
        let keyFile = try Self.keyFile(folder + "/key.wckey")
        guard publicKey.algorithm == algorithm, publicKey.keyID.bytes == keyID,
            publicKey.derRepresentation.elementsEqual(keyFile.publicKeyDER), keyFile.profile == profile
        else {
            throw SignerError(
                .invalidFile, "the keystore is damaged: its key file, public key, ID and profile disagree")
        }
        self.init(
            folder: folder, algorithm: algorithm, publicKey: publicKey, profile: profile,
            maxAttempts: max(1, maxAttempts), delayBase: delayBase)
    }

    /// Runs `body` holding an exclusive lock on the keystore (`flock` on its `lock` file), so two
    /// signer processes never interleave the attempt count, the replay check and the journal.
    package func exclusively<T>(_ body: () throws(SignerError) -> T) throws(SignerError) -> T {
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
    /// Throws `SignerError`.
    public func attempts() throws -> AttemptRecord {
        try AttemptRecord(parsing: try FileAccess.read(attemptsPath, what: "attempts file"))
    }

    /// Opens the private key, enforcing the lockout, the delay and the attempt count.
    func unlock(passphrase: SecureBytes, now: Date = Date()) throws(SignerError) -> SignerKey {
        var record = try SignerError.narrowing(.invalidFile) { try attempts() }
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
            key = try SignerKey(opening: keyFile, passphrase: passphrase, profile: profile)
        } catch  where error.code == .wrongPassphrase {
            if record.locked { eraseKey() }
            let journal = try SigningJournal(reading: journalPath)
            try journal.append(.wrongPassphrase, request: nil, totals: [], keyID: keyID, time: now, to: journalPath)
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

    /// Writes a `backup-v1` file of the key and the journal, sealed under `backupPassphrase`, to
    /// `path`: the only way a key leaves. Refuses a backup passphrase equal to the keystore's.
    /// Throws `SignerError`.
    public func backup(passphrase: SecureBytes, backupPassphrase: SecureBytes, to path: String) throws {
        guard passphrase != backupPassphrase else {
            throw SignerError(.usage, "the backup passphrase must differ from the keystore passphrase")
        }
        try PassphraseRules.check(backupPassphrase, what: "backup passphrase")
        try exclusively { () throws(SignerError) in
            let key = try unlock(passphrase: passphrase)
            let journal = try FileAccess.read(journalPath, what: "journal", limit: KeystoreBackup.maximumJournal)
            let backup = try KeystoreBackup.seal(key: key, journal: journal, passphrase: backupPassphrase)
            try FileAccess.write(backup, to: path, what: "backup")
        }
    }

    /// Creates a new keystore at `folder` from a `backup-v1` file. Each try of the backup
    /// passphrase is counted, delayed and limited like unlocking, in `BACKUP.attempts` beside the
    /// backup; the restored keystore keeps the backup's journal, so every request signed before the
    /// backup is still refused as a replay.
    /// Throws `SignerError`.
    public static func restore(
        from backupPath: String, backupPassphrase: SecureBytes, to folder: String, passphrase: SecureBytes,
        maxAttempts: Int = 10, delayBase: Int = 1, scrypt: Scrypt.Parameters = defaultScrypt, now: Date = Date()
    ) throws -> Keystore {
        try PassphraseRules.check(passphrase, what: "new keystore passphrase")
        let backup = try KeystoreBackup(contentsOfFile: backupPath)
        let (key, journalBytes) = try backup.open(
            passphrase: backupPassphrase, attempts: backupPath + ".attempts", maxAttempts: maxAttempts,
            delayBase: delayBase, now: now)
        let journal = try SigningJournal(checking: journalBytes)
        let restored = try journal.appending(
            .restored, request: nil, totals: [], keyID: key.publicKey.keyID, responseSHA256: nil, time: now)
        return try create(
            at: folder, key: key, passphrase: passphrase, label: "offline-signer", maxAttempts: maxAttempts,
            delayBase: delayBase, scrypt: scrypt, journal: restored.bytes)
    }

    /// scrypt N=2^17, r=8, p=3 (128 MiB): about 1.1 s a guess on the reference machine.
    public static let defaultScrypt = try! Scrypt.Parameters(n: 1 << 17, r: 8, p: 3)

    /// scrypt N=2^10, r=8, p=1: for tests and demos only, a guess costs about a millisecond.
    public static let insecureFastScrypt = try! Scrypt.Parameters(n: 1 << 10, r: 8, p: 1)

    /// Creates `folder` with mode 0700, or accepts an existing empty folder that only its owner can
    /// use. A folder that exists with looser permissions is refused, not fixed: someone else may
    /// already have put files in it or hold it open.
    static func makePrivateFolder(_ folder: String) throws(SignerError) {
        if mkdir(folder, 0o700) == 0 { return }
        guard errno == EEXIST else {
            throw SignerError(
                .ioFailure, "cannot create the keystore folder \(folder): \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard lstat(folder, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw SignerError(.ioFailure, "\(folder) exists and is not a folder")
        }
        guard status.st_mode & 0o077 == 0, status.st_uid == getuid() else {
            throw SignerError(
                .ioFailure,
                "the folder \(folder) already exists with mode \(String(status.st_mode & 0o777, radix: 8)) or another owner; a keystore needs a new folder or an empty one of mode 0700"
            )
        }
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: folder), !contents.isEmpty {
            throw SignerError(.ioFailure, "the folder \(folder) is not empty; a keystore is never overwritten")
        }
    }

    /// Overwrites the sealed key with zeros, syncs it and removes it: what "locked for good" means.
    private func eraseKey() {
        let descriptor = open(keyPath, O_WRONLY | O_CLOEXEC)
        if descriptor >= 0 {
            var status = stat()
            if fstat(descriptor, &status) == 0 {
                let zeros = [UInt8](repeating: 0, count: Int(status.st_size))
                _ = zeros.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                _ = fsync(descriptor)
            }
            close(descriptor)
        }
        unlink(keyPath)
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Creates a keystore with a fresh key of `algorithm`.
    /// Throws `SignerError`.
    public static func create(
        at folder: String, algorithm: SignerAlgorithm, passphrase: SecureBytes, maxAttempts: Int = 10,
        delayBase: Int = 1, scrypt: Scrypt.Parameters = defaultScrypt
    ) throws -> Keystore {
        try PassphraseRules.check(passphrase, what: "keystore passphrase")
        return try create(
            at: folder, key: SignerKey(generating: algorithm), passphrase: passphrase, label: "offline-signer",
            maxAttempts: maxAttempts, delayBase: delayBase, scrypt: scrypt)
    }

    static func keyFile(_ path: String) throws(SignerError) -> EncryptedKeyFile {
        guard FileAccess.exists(path) else {
            throw SignerError(
                .locked,
                "the keystore is locked: its key was erased after too many wrong passphrases; restore it from a backup")
        }
        let text = String(decoding: try FileAccess.read(path, what: "key file", limit: 64 << 10), as: UTF8.self)
        do {
            return try EncryptedKeyFile(armoredRepresentation: text)
        } catch {
            throw SignerError(.invalidFile, "the key file \(path) is not a keyfile-v1 file: \(reasonOf(error))")
        }
    }

    private var description: [UInt8] {
        Array(
            "\(Self.header)\nalgorithm: \(algorithm.rawValue)\n\(profile == .shangMi ? "profile: ShangMi\n" : "")key: \(keyID)\nmax-attempts: \(maxAttempts)\ndelay-base: \(delayBase)\nend\n"
                .utf8)
    }
}
