import Foundation
import WalletCrypto

/// A keystore backup, the `backup-v1` format of `docs/spec/backup-v1.md`: the key sealed as
/// `keyfile-v1` under the backup passphrase, with the journal bound to it.
///
/// Security contract: the key file's label, which its AEAD authenticates, is
/// `walletcustody-backup-v1 journal-sha256 <hex>`, so a journal swapped or cut short in the backup
/// fails to restore, and a keystore's own `key.wckey` (another label and another file format) is
/// never accepted as a backup. Each passphrase try is counted and delayed in an attempts file
/// beside the backup before scrypt runs, which holds against someone confined to the CLI; a copy of
/// the backup can be guessed offline at scrypt's cost (about 1 s a guess).
struct KeystoreBackup {
    let keyFile: EncryptedKeyFile
    let journal: [UInt8]

    static let header = "walletcustody-backup-v1"
    static let labelPrefix = "walletcustody-backup-v1 journal-sha256 "
    static let maximumJournal = 64 << 20

    /// The bytes of a backup of `key` and `journal` sealed under `passphrase`.
    static func seal(key: SignerKey, journal: [UInt8], passphrase: SecureBytes) throws(SignerError) -> [UInt8] {
        let label = labelPrefix + Hex.encode(SHA256.hash(data: journal).bytes)
        let file = try key.sealed(passphrase: passphrase, label: label, parameters: Keystore.defaultScrypt)
        let text =
            "\(header)\nkey: \(file.keyID)\nsealed-key: \(Data(file.binaryRepresentation).base64EncodedString())\n"
            + "journal: \(Data(journal).base64EncodedString())\nend\n"
        return Array(text.utf8)
    }

    /// Parses a backup file. Throws `.invalidFile` for anything that is not a `backup-v1` file.
    init(contentsOfFile path: String) throws(SignerError) {
        let bytes = try FileAccess.read(path, what: "backup", limit: Self.maximumJournal * 2)
        guard bytes.starts(with: Array((Self.header + "\n").utf8)) else {
            throw SignerError(
                .invalidFile,
                "\(path) is not a walletcustody-backup-v1 file; only files written by 'offline-signer backup' restore")
        }
        var lines = try TextLines(bytes, file: "backup", limit: Self.maximumJournal * 2)
        try lines.expect(Self.header, orElse: "is not a walletcustody-backup-v1 file")
        let keyID = try TextLines.hex(try lines.required("key"), bytes: 16, "backup key id")
        let sealed = try lines.required("sealed-key")
        let journalText = try lines.required("journal")
        try lines.finish()
        guard let sealedBytes = Data(base64Encoded: sealed), let journal = Data(base64Encoded: journalText),
            sealedBytes.base64EncodedString() == sealed, journal.base64EncodedString() == journalText
        else { throw SignerError(.invalidFile, "the backup's base64 is damaged") }
        do {
            keyFile = try EncryptedKeyFile(binaryRepresentation: Array(sealedBytes))
        } catch {
            throw SignerError(.invalidFile, "the backup's sealed key is damaged: \(reasonOf(error))")
        }
        guard keyFile.keyID.bytes == keyID, keyFile.label.utf8.starts(with: Self.labelPrefix.utf8),
            keyFile.label.utf8.count == Self.labelPrefix.utf8.count + 64
        else { throw SignerError(.invalidFile, "the backup's key ID or label is not that of a backup") }
        self.journal = Array(journal)
    }

    /// Opens the key and journal, counting the try in `attempts` before scrypt runs.
    func open(passphrase: SecureBytes, attempts path: String, maxAttempts: Int, delayBase: Int, now: Date)
        throws(SignerError) -> (SignerKey, [UInt8])
    {
        var record =
            FileAccess.exists(path)
            ? try AttemptRecord(parsing: try FileAccess.read(path, what: "backup attempts file")) : AttemptRecord()
        guard !record.locked else {
            throw SignerError(.locked, "this backup is locked after \(record.failures) wrong passphrases")
        }
        let wait = record.wait(at: now, base: delayBase)
        guard wait == 0 else {
            throw SignerError(
                .throttled, "a wrong backup passphrase was given recently; wait \(wait) s before trying again")
        }
        record.failures += 1
        record.lastFailure = now
        record.locked = record.failures >= maxAttempts
        do {
            try AtomicFile.write(record.bytes, to: path)
        } catch {
            throw SignerError(
                .ioFailure,
                "cannot count the attempt in \(path) (the backup's folder must be writable): \(error.reason)")
        }
        // A backup records its own profile: older SM2 backups are standard, newer ones ShangMi.
        let key = try SignerKey(opening: keyFile, passphrase: passphrase, profile: keyFile.profile)
        guard keyFile.label.utf8.elementsEqual((Self.labelPrefix + Hex.encode(SHA256.hash(data: journal).bytes)).utf8)
        else {
            throw SignerError(.verificationFailed, "the backup's journal is not the one sealed with its key")
        }
        try FileAccess.write(AttemptRecord().bytes, to: path, what: "backup attempts file")
        return (key, journal)
    }
}
