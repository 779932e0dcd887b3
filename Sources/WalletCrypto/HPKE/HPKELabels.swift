/// RFC 9180 section 4: LabeledExtract and LabeledExpand over a runtime-chosen HKDF.
struct HPKELabels {
    let session: HKDFSession
    /// "HPKE-v1" ‖ suite_id, where suite_id is "KEM" ‖ kem_id for the KEM's own derivations and the
    /// HPKE suite ID for the key schedule; built once, since every labeled step starts with it.
    let prefix: [UInt8]

    init(digest: DigestAlgorithm, suiteID: [UInt8]) {
        self.init(session: HKDFSession(digest: digest), suiteID: suiteID)
    }

    init(session: HKDFSession, suiteID: [UInt8]) {
        self.session = session
        prefix = Self.version + suiteID
    }

    static let version = Array("HPKE-v1".utf8)

    /// Extract(salt, "HPKE-v1" ‖ suite_id ‖ label ‖ ikm).
    func extract(salt: [UInt8], label: String, ikm: UnsafeRawBufferPointer) -> SecureBytes {
        salt.withUnsafeBytes { extract(saltBytes: $0, label: label, ikm: ikm) }
    }

    /// `extract` with a salt lent from secret storage (the key schedule's shared secret).
    func extract(saltBytes: UnsafeRawBufferPointer, label: String, ikm: UnsafeRawBufferPointer) -> SecureBytes {
        let head = prefix + label.utf8
        let labeled = SecureBytes(unsafeUninitializedCount: head.count + ikm.count) { buffer in
            head.withUnsafeBytes { buffer.copyMemory(from: $0) }
            if !ikm.isEmpty {
                UnsafeMutableRawBufferPointer(rebasing: buffer[head.count...]).copyMemory(from: ikm)
            }
        }
        return labeled.withUnsafeBytes { session.extract(salt: saltBytes, inputKeyMaterial: $0) }
    }

    /// Expand(prk, I2OSP(L, 2) ‖ "HPKE-v1" ‖ suite_id ‖ label ‖ info, L); the caller has checked L.
    func expand(prk: SecureBytes, label: String, info: [UInt8], count: Int) -> SecureBytes {
        var labeledInfo = HPKE.bigEndian(UInt16(count))
        labeledInfo.reserveCapacity(2 + prefix.count + label.utf8.count + info.count)
        labeledInfo += prefix
        labeledInfo += label.utf8
        labeledInfo += info
        return labeledInfo.withUnsafeBytes { session.expand(pseudoRandomKey: prk, info: $0, count: count) }
    }
}
