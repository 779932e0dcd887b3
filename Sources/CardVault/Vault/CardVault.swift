import Foundation
import WalletCrypto

/// A PCI-DSS-style card vault: PANs in, tokens out, every access audited.
///
/// Security contract:
/// - PANs are sealed with AES-256-GCM (or SM4-GCM in the ShangMi profile of `VaultKeyring`) under
///   a per-tenant data key, with the token, tenant and key
///   version as associated data; data keys are wrapped under a versioned KEK (`VaultKeyring`), from
///   a key file or M-of-N custodian components. No PAN is stored, logged or put in an error.
/// - `withDetokenizedPAN` writes and commits its audit entry before the PAN is decrypted, lends the
///   PAN to a closure, and lets it be wiped afterwards.
/// - Any stored byte changed makes detokenising fail with the one `.authenticationFailure`.
/// - Every action is recorded in a tamper-evident audit log (`docs/spec/audit-log-v1.md`): entries
///   MACed under keys derived from the KEK, an RFC 9162 Merkle tree, and signed checkpoints written
///   to `AuditLogOptions.checkpointFile`; `verifyAuditLog` finds edited, deleted, reordered and
///   (behind a checkpoint) cut entries.
/// - Crypto-shredding a tenant destroys its data key, so its records can never be read again.
public final class CardVault: Sendable {
    private let store: any VaultStore
    private let keyring: LockedKeyring
    private let clock: @Sendable () -> Date
    private let auditLog: AuditLog

    /// Opens the vault. Each KEK in `keyring` must match the check value the vault recorded for its
    /// version; a new vault records the versions it is first opened with, and an existing vault
    /// refuses versions it has not seen (add them with `rotate`). Throws `VaultError` `.wrongKey`
    /// for a KEK that does not match or is unknown, `.invalidParameter` for invalid `auditLog` options.
    public init(
        store: any VaultStore, keyring: VaultKeyring,
        auditLog options: AuditLogOptions = AuditLogOptions(origin: "walletcustody/vault"),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.store = store
        self.keyring = LockedKeyring(keyring)
        self.clock = clock
        do {
            auditLog = try AuditLog(options: options, keys: keyring.keys, currentVersion: keyring.currentVersion)
        } catch {
            throw VaultError(.invalidParameter, "the audit log options are invalid: \(reasonOf(error))")
        }
        try transact { transaction in
            let known = try transaction.kekCheckValues()
            for (version, key) in keyring.keys {
                let check = keyring.checkValue(key)
                // A version the vault has not seen is accepted only for a new vault; later versions
                // come through `rotate`, which audits them.
                guard known.isEmpty || known[version] != nil else {
                    throw VaultError(
                        .wrongKey,
                        "KEK version \(version) is unknown to this vault; add new versions with rotate")
                }
                if let recorded = known[version] {
                    let equal = recorded.withUnsafeBytes { a in
                        check.withUnsafeBytes { ConstantTimeComparison.equals(a, $0) }
                    }
                    guard equal else {
                        let other: AlgorithmProfile = keyring.profile == .shangMi ? .standard : .shangMi
                        let otherCheck = VaultKeyring.checkValue(key, profile: other)
                        if recorded.withUnsafeBytes({ a in
                            otherCheck.withUnsafeBytes { ConstantTimeComparison.equals(a, $0) }
                        }) {
                            throw VaultError(
                                .invalidParameter,
                                "the vault uses the \(other) profile, but the keyring is for the \(keyring.profile) profile"
                            )
                        }
                        throw VaultError(
                            .wrongKey,
                            "the key for KEK version \(version) is not the vault's: wrong key file or wrong custodian components"
                        )
                    }
                } else {
                    try transaction.saveKEKCheckValue(check, version: version)
                }
            }
        }
    }

    /// Creates a tenant with a fresh data key under the current KEK, audited as `create-tenant` by
    /// `actor`. Throws `VaultError` `.tenantExists` for an existing tenant and `.invalidParameter` for an ID or
    /// actor outside the identifier rule.
    public func createTenant(_ id: String, policy: TokenPolicy = TokenPolicy(), actor: String = "vault-admin")
        throws
    {
        guard try ensureTenant(id, policy: policy, actor: actor) else {
            throw VaultError(.tenantExists, "the tenant \(id) already exists")
        }
    }

    /// Creates the tenant unless it exists, for a service that declares its tenants at every
    /// start; a creation is audited as `create-tenant` by `actor`. Returns whether it was created.
    /// Throws `VaultError` `.tenantExists` when it exists with another policy (a policy never changes
    /// silently), `.invalidParameter` for a malformed ID or actor.
    @discardableResult
    public func ensureTenant(_ id: String, policy: TokenPolicy = TokenPolicy(), actor: String = "vault-admin")
        throws -> Bool
    {
        try Self.checkIdentifier(id, "tenant ID")
        try Self.checkIdentifier(actor, "actor")
        let now = Int64(clock().timeIntervalSince1970)
        let ring = keyring.current
        guard ring.profile == .standard || policy.format != .ff1 else { throw TenantKeys.ff1NotInShangMi }
        let wrapped = try ring.wrap(SymmetricKey(size: 256), tenant: id, version: ring.currentVersion)
        return try transactAudited { transaction, audit in
            if let existing = try transaction.tenant(id) {
                guard existing.policy == policy else {
                    throw VaultError(.tenantExists, "the tenant \(id) exists with another token policy")
                }
                return false
            }
            try transaction.saveTenant(
                TenantRecord(id: id, policy: policy, wrappedDataKey: wrapped, kekVersion: ring.currentVersion))
            try audit.append(
                time: now, scope: id, actor: actor, action: "create-tenant",
                detail:
                    "reuse \(policy.reuseExistingToken), first six \(policy.keepFirstSix), \(policy.format.rawValue)")
            return true
        }
    }

    /// Tokenises one card for `tenant`.
    /// Throws `VaultError`.
    public func tokenize(_ card: Card, tenant: String, actor: String) throws -> String {
        try tokenize([card], tenant: tenant, actor: actor)[0]
    }

    /// Tokenises many cards in one transaction: all are stored, or none.
    /// Throws `VaultError`.
    public func tokenize(_ cards: [Card], tenant: String, actor: String) throws -> [String] {
        try Self.checkIdentifier(tenant, "tenant ID")
        try Self.checkIdentifier(actor, "actor")
        let now = Int64(clock().timeIntervalSince1970)
        // The cryptography is done before the writing transaction (`TokenisationPlan`), from the
        // tenant as a short transaction read it. Inside, the tenant must still be exactly that
        // record; after a rotation or a shredding in between, the plan is made again there.
        let (tenantRecord, early) = try transact(tokens: true) { transaction in
            (try transaction.tenant(tenant), try tenantKeys(tenant, transaction))
        }
        let earlyPlan = try TokenisationPlan(cards, keys: early, now: now)
        return try transactAudited(tokens: true) { transaction, audit in
            let plan =
                try transaction.tenant(tenant) == tenantRecord
                ? earlyPlan : try TokenisationPlan(cards, keys: try tenantKeys(tenant, transaction), now: now)
            let keys = plan.keys
            let fingerprints = plan.fingerprints
            let proposals = plan.proposals
            // Two queries for the whole batch: the rows of every fingerprint, and whether each
            // proposed token is free. The rows found stay locked to the commit, and a concurrent
            // insert of one of this batch's fingerprints or tokens makes the store run this body
            // again (`VaultStore.tokenTransaction`), so the rows found, plus those this batch
            // makes, are the truth when it commits. The new rows are inserted together at the end.
            var current: [[UInt8]: TokenRecord] = [:]
            let present = fingerprints.compactMap { $0 }
            for (fingerprint, record) in zip(present, try transaction.records(tenant: tenant, fingerprints: present)) {
                if let record { current[fingerprint] = record }
            }
            let taken = try transaction.records(tokens: proposals).map { $0 != nil }
            var used = Set<[UInt8]>()
            var inserts: [TokenRecord] = []
            // Where each token's row waits in `inserts`, for a card reissued twice in one batch.
            var pendingIndex: [[UInt8]: Int] = [:]
            // Tokens whose stored row a reissue replaces in place rather than inserts.
            var replaced = Set<[UInt8]>()
            let tokens = try cards.indices.map { index in
                let card = cards[index]
                let fingerprint = fingerprints[index]
                let expiresAt = Int64(card.expiry.end.timeIntervalSince1970)
                let record: TokenRecord
                if let fingerprint, let old = current[fingerprint] {
                    // The row found by fingerprint must open as this tenant's record of this very PAN:
                    // a fingerprint moved to another row in the database is refused, not followed.
                    guard try keys.open(old) == card.pan else { throw VaultError.authenticationFailure }
                    let existing = old.token
                    guard expiresAt > old.expiresAt else {
                        try audit.append(time: now, scope: tenant, actor: actor, action: "tokenize", subject: existing)
                        return existing
                    }
                    // A reissued card keeps its token but takes the new expiry, sealed afresh.
                    if pendingIndex[Array(existing.utf8)] == nil { replaced.insert(Array(existing.utf8)) }
                    record = try TokenisationPlan.record(
                        card, token: existing, fingerprint: fingerprint, keys: keys, now: now)
                } else if !taken[index] && !used.contains(Array(proposals[index].utf8)) {
                    record = plan.records[index]
                } else {
                    let token = try newToken(for: card.pan, keys: keys, excluding: used, transaction)
                    record = try TokenisationPlan.record(
                        card, token: token, fingerprint: fingerprint, keys: keys, now: now)
                }
                let token = record.token
                used.insert(Array(token.utf8))
                if let waiting = pendingIndex[Array(token.utf8)] {
                    inserts[waiting] = record
                } else {
                    pendingIndex[Array(token.utf8)] = inserts.count
                    inserts.append(record)
                }
                if let fingerprint { current[fingerprint] = record }
                try audit.append(time: now, scope: tenant, actor: actor, action: "tokenize", subject: token)
                return token
            }
            for record in inserts where replaced.contains(Array(record.token.utf8)) { try transaction.replace(record) }
            try transaction.insert(inserts.filter { !replaced.contains(Array($0.token.utf8)) })
            return tokens
        }
    }

    /// Lends the PAN behind `token` to `body`. The audit entry (actor, purpose) is committed first.
    /// Throws `VaultError` `.unknownToken` (also for another tenant's token), `.expiredToken`, `.tenantShredded`
    /// or `.authenticationFailure`.
    public func withDetokenizedPAN<R>(
        _ token: String, tenant: String, purpose: String, actor: String, _ body: (PrimaryAccountNumber) throws -> R
    ) throws -> R {
        try withDetokenizedPANs([token], tenant: tenant, purpose: purpose, actor: actor) { try body($0[0]) }
    }

    /// The batch form, for settlement files: one transaction of audit entries, then every PAN.
    /// Throws `VaultError`.
    public func withDetokenizedPANs<R>(
        _ tokens: [String], tenant: String, purpose: String, actor: String, _ body: ([PrimaryAccountNumber]) throws -> R
    ) throws -> R {
        try Self.checkIdentifier(tenant, "tenant ID")
        try Self.checkIdentifier(actor, "actor")
        try Self.checkText(purpose, "purpose")
        let now = Int64(clock().timeIntervalSince1970)
        let lookup = Result { () throws(VaultError) in
            try lookUp(tokens, tenant: tenant, purpose: purpose, actor: actor, now: now)
        }
        if case .failure(let error) = lookup, error.code == .unknownToken || error.code == .expiredToken {
            // A refused access is itself evidence (PCI DSS 10.2.1.4), so it is recorded before the error.
            try transactAudited(tokens: true) { transaction, audit in
                try audit.append(
                    time: now, scope: tenant, actor: actor, action: "detokenize-refused",
                    subject: Self.auditable(tokens, error), detail: "\(error.code): \(purpose)")
            }
        }
        let (keys, records) = try lookup.get()
        // The audit entries are durable now; only then is any PAN decrypted.
        let pans = try records.map { (record) throws(VaultError) in try keys.open(record) }
        return try body(pans)
    }

    /// What a refused detokenisation records of its input: an expired token in full (it is a real
    /// token), anything else only as its last four characters, since a caller may have passed a PAN.
    private static func auditable(_ tokens: [String], _ error: VaultError) -> String {
        guard tokens.count == 1 else { return "\(tokens.count) tokens" }
        let token = tokens[0]
        guard TokenFormat.isWellFormed(token) else { return "(malformed)" }
        return error.code == .expiredToken ? token : "*" + token.suffix(4)
    }

    /// Finds the records and commits their audit entries, all or nothing.
    private func lookUp(_ tokens: [String], tenant: String, purpose: String, actor: String, now: Int64)
        throws(VaultError) -> (TenantKeys, [TokenRecord])
    {
        try transactAudited(tokens: true) { transaction, audit in
            let keys = try tenantKeys(tenant, transaction)
            // One query for the batch; a malformed token is looked up as nothing.
            let found = try transaction.records(tokens: tokens.map { TokenFormat.isWellFormed($0) ? $0 : "" })
            let records = try zip(tokens, found).map { token, found in
                let record = try Self.owned(found, token, tenant: tenant)
                guard record.expiresAt > now else { throw VaultError(.expiredToken, "the token has expired") }
                try audit.append(
                    time: now, scope: tenant, actor: actor, action: "detokenize", subject: token,
                    detail: purpose)
                return record
            }
            return (keys, records)
        }
    }

    /// Brand, last four, expiry and the masked form, without detokenising. The record is opened
    /// (and the PAN wiped at once) so that metadata edited in the database is refused with
    /// `.authenticationFailure` rather than shown.
    /// Throws `VaultError`.
    public func metadata(_ token: String, tenant: String) throws -> TokenMetadata {
        try Self.checkIdentifier(tenant, "tenant ID")
        return try transact(tokens: true) { transaction in
            let record = try Self.ownedRecord(token, tenant: tenant, transaction)
            _ = try tenantKeys(tenant, transaction).open(record)
            return TokenMetadata(
                brand: record.brand, lastFour: record.lastFour, expiry: record.expiry,
                masked: PrimaryAccountNumber.mask(
                    count: record.length, firstSix: record.firstSix, lastFour: record.lastFour),
                expiresAt: record.expiresAt)
        }
    }

    /// Deletes a token and its sealed card. The record must open under the tenant's key first, so a
    /// row moved to this tenant in the database is refused (`.authenticationFailure`), not deleted.
    /// Throws `VaultError`.
    public func delete(_ token: String, tenant: String, actor: String) throws {
        try Self.checkIdentifier(tenant, "tenant ID")
        try Self.checkIdentifier(actor, "actor")
        let now = Int64(clock().timeIntervalSince1970)
        try transactAudited(tokens: true) { transaction, audit in
            let record = try Self.ownedRecord(token, tenant: tenant, transaction)
            _ = try tenantKeys(tenant, transaction).open(record)
            try transaction.deleteRecord(token: token)
            try audit.append(time: now, scope: tenant, actor: actor, action: "delete", subject: token)
        }
    }

    /// The record of `token` when it is well formed and stored for exactly `tenant` (compared as
    /// bytes); otherwise `.unknownToken`, the same for another tenant's token as for none at all.
    private static func ownedRecord(_ token: String, tenant: String, _ transaction: any VaultTransaction)
        throws -> TokenRecord
    {
        try owned(TokenFormat.isWellFormed(token) ? try transaction.record(token: token) : nil, token, tenant: tenant)
    }

    /// `record`, found for `token`, when it belongs to `tenant` (tenant IDs compared as bytes);
    /// otherwise `.unknownToken`.
    private static func owned(_ record: TokenRecord?, _ token: String, tenant: String) throws(VaultError)
        -> TokenRecord
    {
        guard TokenFormat.isWellFormed(token), let record, record.tenant.utf8.elementsEqual(tenant.utf8) else {
            throw VaultError(.unknownToken, "no such token for tenant \(tenant)")
        }
        return record
    }

    /// Crypto-shreds a tenant: its data key is destroyed, so none of its records can be read again.
    /// Throws `VaultError`.
    public func shred(tenant: String, actor: String) throws {
        try Self.checkIdentifier(tenant, "tenant ID")
        try Self.checkIdentifier(actor, "actor")
        let now = Int64(clock().timeIntervalSince1970)
        try transactAudited { transaction, audit in
            guard var record = try transaction.tenant(tenant) else {
                throw VaultError(.invalidParameter, "no such tenant \(tenant)")
            }
            record.wrappedDataKey = nil
            try transaction.saveTenant(record)
            try audit.append(time: now, scope: tenant, actor: actor, action: "shred")
        }
    }

    /// Deletes up to `limit` expired tokens and returns how many. Each record is opened first: one
    /// whose stored expiry was edited does not open, is kept, and is audited as `purge-refused`.
    /// Throws `VaultError`.
    public func purgeExpired(actor: String, limit: Int = 10_000) throws -> Int {
        try Self.checkIdentifier(actor, "actor")
        let now = Int64(clock().timeIntervalSince1970)
        return try transactAudited(tokens: true) { transaction, audit in
            let expired = try transaction.records(expiringBefore: now, limit: limit)
            // Keyed by the tenant ID's bytes, never by String equality.
            var keys: [[UInt8]: TenantKeys?] = [:]
            var purged = 0
            for record in expired {
                let id = Array(record.tenant.utf8)
                if keys[id] == nil {
                    do {
                        keys[id] = .some(try tenantKeys(record.tenant, transaction))
                    } catch let error as VaultError where error.code == .tenantShredded {
                        keys[id] = .some(nil)
                    }
                }
                // A record whose expiry was moved into the past in the database does not open: it is
                // left in place and the refusal recorded. Shredded tenants' records cannot be opened
                // by anyone and are purged.
                if let tenantKeys = keys[id] ?? nil, (try? tenantKeys.open(record)) == nil {
                    try audit.append(
                        time: now, scope: record.tenant, actor: actor, action: "purge-refused", subject: record.token,
                        detail: "the record failed authentication")
                    continue
                }
                try transaction.deleteRecord(token: record.token)
                try audit.append(time: now, scope: record.tenant, actor: actor, action: "purge", subject: record.token)
                purged += 1
            }
            return purged
        }
    }

    /// Adds `key` as a new KEK version and makes it current. Returns the version. The audit entry
    /// names the new checkpoint verifier key, and a checkpoint signed under the old and the new
    /// version is written at once, so auditors can move to the new public key.
    /// Throws `VaultError`.
    public func rotate(to key: SymmetricKey, actor: String) throws -> Int {
        try Self.checkIdentifier(actor, "actor")
        let now = Int64(clock().timeIntervalSince1970)
        let version = keyring.current.currentVersion + 1
        var keys = keyring.current.keys
        keys[version] = key
        let ring = try VaultKeyring(checked: keys, profile: keyring.current.profile)
        let newKeys: AuditLogKeys
        do {
            newKeys = try AuditLogKeys(origin: auditLog.keys.origin, keys: keys, currentVersion: version)
        } catch {
            throw VaultError(.invalidParameter, "the new KEK cannot key the audit log: \(reasonOf(error))")
        }
        try transactAudited { transaction, audit in
            try transaction.saveKEKCheckValue(ring.checkValue(key), version: version)
            try audit.append(
                time: now, scope: "", actor: actor, action: "rotate",
                detail: "version \(version); checkpoint key \(newKeys.verifiers[0].verifierKey)")
        }
        keyring.replace(ring)
        do {
            try auditLog.replaceKeys(keys, currentVersion: version)
        } catch {
            throw VaultError(.storageFailure, "the audit log keys could not be replaced: \(reasonOf(error))")
        }
        _ = try checkpoint()
        return version
    }

    /// Re-wraps up to `limit` tenant data keys still under an older KEK to the current one; run it
    /// until it returns 0. Each call is one transaction, so it can stop and resume; no PAN is read.
    /// Throws `VaultError`.
    public func rewrap(actor: String, limit: Int = 100) throws -> Int {
        try Self.checkIdentifier(actor, "actor")
        let now = Int64(clock().timeIntervalSince1970)
        let ring = keyring.current
        return try transactAudited { transaction, audit in
            let tenants = try transaction.tenants(withKEKVersionBelow: ring.currentVersion, limit: limit)
            for var tenant in tenants {
                if let wrapped = tenant.wrappedDataKey {
                    let key = try ring.unwrap(wrapped, tenant: tenant.id, version: tenant.kekVersion)
                    tenant.wrappedDataKey = try ring.wrap(key, tenant: tenant.id, version: ring.currentVersion)
                }
                tenant.kekVersion = ring.currentVersion
                try transaction.saveTenant(tenant)
            }
            if !tenants.isEmpty {
                try audit.append(
                    time: now, scope: "", actor: actor, action: "rewrap",
                    detail: "\(tenants.count) data keys to version \(ring.currentVersion)")
            }
            return tenants.count
        }
    }

    /// Checks the whole audit log (`AuditLog.verify`): every entry's MAC and position, the stored
    /// tree head, every checkpoint in the checkpoint file, and consistency with each of
    /// `checkpoints` (signed notes kept elsewhere) by an RFC 9162 consistency proof. Throws
    /// `.auditTampered` naming the first problem. Holds the store's write lock while it reads.
    /// Throws `VaultError`.
    public func verifyAuditLog(checkpoints: [String] = []) throws -> AuditLogVerification {
        do {
            return try store.transaction { transaction in try auditLog.verify(transaction, checkpoints: checkpoints) }
        } catch let error as CryptoError where error.code == .authenticationFailure {
            throw VaultError(.auditTampered, error.reason)
        } catch {
            throw VaultError(.storageFailure, "the vault store failed: \(error)")
        }
    }

    /// Signs a checkpoint of the log as it is now (under every loaded KEK version), appends it to
    /// the checkpoint file if there is one, and returns the signed note to ship elsewhere.
    /// Throws `VaultError`.
    public func checkpoint() throws -> String {
        do {
            let head = try store.transaction { try $0.auditLogHead() }
            return try auditLog.writeCheckpoint(head)
        } catch {
            throw VaultError(.storageFailure, "writing a checkpoint failed: \(error)")
        }
    }

    /// The public verifier keys of the log's checkpoints, newest first: all an auditor needs to
    /// check checkpoints and proofs.
    public var auditVerifierKeys: [String] { auditLog.verifierKeys }

    /// The entry at `sequence` with its inclusion proof in the tree of the first `treeSize` entries
    /// (take `treeSize` from a checkpoint), to show one entry to an auditor.
    /// Throws `VaultError`.
    public func auditInclusionProof(sequence: UInt64, treeSize: UInt64) throws -> AuditInclusionProof {
        try transact(tokens: true) { transaction in
            try auditLog.inclusionProof(transaction, sequence: sequence, treeSize: treeSize)
        }
    }

    /// The RFC 9162 consistency proof between two checkpoint sizes.
    /// Throws `VaultError`.
    public func auditConsistencyProof(from oldSize: UInt64, to newSize: UInt64) throws -> [[UInt8]] {
        try transact(tokens: true) { transaction in
            try auditLog.consistencyProof(transaction, from: oldSize, to: newSize)
        }
    }

    /// The number of entries the store's tree head records (not verified; use `verifyAuditLog`).
    /// Throws `VaultError`.
    public func auditLogSize() throws -> UInt64 {
        try transact(tokens: true) { transaction in try transaction.auditLogHead().size }
    }

    /// Up to `limit` entries from `sequence` on, parsed but not verified (use `verifyAuditLog`).
    /// Throws `VaultError`.
    public func auditEntries(from sequence: UInt64 = 1, limit: Int = 1000) throws -> [AuditEntry] {
        try transact(tokens: true) { transaction in
            try transaction.auditRecords(from: sequence, limit: limit).map { try AuditEntry(encoded: $0.entry) }
        }
    }

    /// A token for `pan` that is neither stored nor in `used` (the tokens of rows this batch has
    /// not inserted yet).
    private func newToken(
        for pan: PrimaryAccountNumber, keys: TenantKeys, excluding used: Set<[UInt8]>,
        _ transaction: any VaultTransaction
    ) throws -> String {
        let free = { (token: String) throws -> Bool in
            try !used.contains(Array(token.utf8)) && transaction.record(token: token) == nil
        }
        if keys.policy.format == .ff1, let token = try keys.ff1Token(pan), try free(token) { return token }
        for _ in 0..<64 {
            let token = TokenFormat.random(for: pan, keepFirstSix: keys.policy.keepFirstSix)
            if try free(token) { return token }
        }
        throw VaultError(.invalidParameter, "no free token is left for cards sharing these visible digits")
    }

    private func tenantKeys(_ tenant: String, _ transaction: any VaultTransaction) throws -> TenantKeys {
        guard let record = try transaction.tenant(tenant) else {
            throw VaultError(.invalidParameter, "no such tenant \(tenant)")
        }
        guard let wrapped = record.wrappedDataKey else {
            throw VaultError(.tenantShredded, "the tenant \(tenant) was crypto-shredded; its cards cannot be read")
        }
        let ring = keyring.current
        return TenantKeys(
            tenant: tenant, policy: record.policy,
            dataKey: try ring.unwrap(wrapped, tenant: tenant, version: record.kekVersion), profile: ring.profile)
    }

    /// Runs `body` in a store transaction, mapping errors: VaultErrors pass, others are storage
    /// failures. With `tokens`, the body writes only token records and audit entries, so the store
    /// may run it beside others (`VaultStore.tokenTransaction`).
    private func transact<T>(tokens: Bool = false, _ body: (any VaultTransaction) throws -> T) throws(VaultError)
        -> T
    {
        do {
            return try tokens ? store.tokenTransaction(body) : store.transaction(body)
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError(.storageFailure, "the vault store failed: \(error)")
        }
    }

    /// `transact` with an audit appender whose entries commit with the transaction; afterwards a
    /// checkpoint is written when the log crossed a multiple of the checkpoint interval. The
    /// operation has committed by then, so a failed automatic checkpoint does not fail it (the
    /// caller would retry a done operation); the next interval writes one again, and
    /// `checkpoint()` reports the error.
    private func transactAudited<T>(tokens: Bool = false, _ body: (any VaultTransaction, AuditAppender) throws -> T)
        throws(VaultError) -> T
    {
        var committed: (start: UInt64, head: MerkleFrontier)?
        let result = try transact(tokens: tokens) { transaction in
            let appender = try auditLog.appender(transaction)
            let value = try body(transaction, appender)
            committed = try appender.finish().map { (appender.startSize, $0) }
            return value
        }
        if let committed { _ = try? auditLog.committed(from: committed.start, to: committed.head) }
        return result
    }

    /// Tenant IDs and actors follow the project's one identifier rule (`Identifier`,
    /// `docs/cardvault.md`), so lookalikes (`Cafe\u{301}`, `\u{212A}Bank`, full-width letters,
    /// trailing spaces) are refused at the API before any lookup.
    static func checkIdentifier(_ value: String, _ what: String) throws(VaultError) {
        guard Identifier.isValid(value) else {
            throw VaultError(.invalidParameter, "a \(what) is \(Identifier.rule)")
        }
    }

    /// Free text recorded in the audit log (a detokenisation's purpose): 1 to 256 bytes without
    /// control characters, stored as its exact bytes.
    static func checkText(_ value: String, _ what: String) throws(VaultError) {
        guard !value.isEmpty, value.utf8.count <= 256,
            !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw VaultError(.invalidParameter, "a \(what) is 1 to 256 bytes of text without control characters") }
    }
}
