/// RFC 9180 section 4: LabeledExtract and LabeledExpand over a runtime-chosen HKDF.
struct HPKELabels {
    let session: HKDFSession
    /// "HPKE-v1" ‖ suite_id, built once in one allocation, since every labeled step starts with it.
    let prefix: [UInt8]

    /// The KEM's own derivations: suite_id = "KEM" ‖ I2OSP(kem_id, 2), always over HKDF-SHA256.
    init(kem: HPKE.KEM) {
        session = HKDFSession(digest: .sha256)
        prefix = Self.prefix("KEM", [kem.rawValue])
    }

    /// The key schedule and exports: suite_id = "HPKE" ‖ kem_id ‖ kdf_id ‖ aead_id. Reuses the KEM's
    /// `session` when it uses the suite's hash, which saves creating a second HMAC context.
    init(suite: HPKE.Ciphersuite, session: HKDFSession? = nil) {
        if let session, session.digest == suite.kdf.digest {
            self.session = session
        } else {
            self.session = HKDFSession(digest: suite.kdf.digest)
        }
        prefix = Self.prefix("HPKE", [suite.kem.rawValue, suite.kdf.rawValue, suite.aead.rawValue])
    }

    /// "HPKE-v1" ‖ `suiteName` ‖ each of `ids` as I2OSP(id, 2).
    private static func prefix(_ suiteName: StaticString, _ ids: [UInt16]) -> [UInt8] {
        var prefix: [UInt8] = []
        prefix.reserveCapacity(7 + suiteName.utf8CodeUnitCount + 2 * ids.count)
        prefix += bytes("HPKE-v1")
        prefix += bytes(suiteName)
        for id in ids {
            prefix.append(UInt8(id >> 8))
            prefix.append(UInt8(id & 0xff))
        }
        return prefix
    }

    /// A label's bytes, which live in the binary.
    private static func bytes(_ label: StaticString) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: label.utf8Start, count: label.utf8CodeUnitCount)
    }

    /// An empty salt or info.
    static var empty: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: nil, count: 0) }

    /// LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" ‖ suite_id ‖ label ‖ ikm) into
    /// `output` (Nh bytes). The three parts go to the MAC where they lie, so a secret IKM is never
    /// copied.
    func extract(
        salt: UnsafeRawBufferPointer = empty, label: StaticString, ikm: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) {
        session.extract(salt: salt, into: output) { update in
            prefix.withUnsafeBytes(update)
            update(Self.bytes(label))
            update(ikm)
        }
    }

    /// `extract` into new secret storage.
    func extract(salt: UnsafeRawBufferPointer = empty, label: StaticString, ikm: UnsafeRawBufferPointer)
        -> SecureBytes
    {
        SecureBytes(unsafeUninitializedCount: session.digest.byteCount) {
            extract(salt: salt, label: label, ikm: ikm, into: $0)
        }
    }

    /// LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) ‖ "HPKE-v1" ‖ suite_id ‖ label ‖
    /// info, L) into `output`, L = `output.count`; the caller has checked L. The labeled info is
    /// public and is assembled on the stack.
    func expand(
        prk: SecureBytes, label: StaticString, info: [UInt8], into output: UnsafeMutableRawBufferPointer
    ) {
        let label = Self.bytes(label)
        let byteCount = 2 + prefix.count + label.count + info.count
        withUnsafeTemporaryAllocation(byteCount: byteCount, alignment: 1) { labeledInfo in
            labeledInfo[0] = UInt8(truncatingIfNeeded: output.count >> 8)
            labeledInfo[1] = UInt8(truncatingIfNeeded: output.count)
            var end = 2
            func append(_ part: UnsafeRawBufferPointer) {
                guard let base = part.baseAddress else { return }
                (labeledInfo.baseAddress! + end).copyMemory(from: base, byteCount: part.count)
                end += part.count
            }
            prefix.withUnsafeBytes(append)
            append(label)
            info.withUnsafeBytes(append)
            session.expand(pseudoRandomKey: prk, info: UnsafeRawBufferPointer(labeledInfo), into: output)
        }
    }

    /// `expand` into new secret storage of `count` bytes.
    func expand(prk: SecureBytes, label: StaticString, info: [UInt8], count: Int) -> SecureBytes {
        SecureBytes(unsafeUninitializedCount: count) { expand(prk: prk, label: label, info: info, into: $0) }
    }
}
