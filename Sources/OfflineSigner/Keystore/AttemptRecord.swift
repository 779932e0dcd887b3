import Foundation

/// The keystore's persisted count of wrong passphrases (`docs/spec/keystore-v1.md`).
///
/// Security contract: written before each passphrase is tried, so interrupting an attempt still
/// counts it; once `locked`, nothing unlocks the keystore but a restore from backup.
public struct AttemptRecord: Sendable, Equatable {
    /// Consecutive wrong passphrases.
    public var failures: Int
    /// When the last wrong passphrase was given.
    public var lastFailure: Date?
    /// Locked for good.
    public var locked: Bool

    static let header = "walletcustody-attempts-v1"

    init(failures: Int = 0, lastFailure: Date? = nil, locked: Bool = false) {
        self.failures = failures
        self.lastFailure = lastFailure
        self.locked = locked
    }

    init(parsing bytes: [UInt8]) throws(SignerError) {
        var lines = try TextLines(bytes, file: "attempts file")
        try lines.expect(Self.header, orElse: "is not a walletcustody-attempts-v1 file")
        failures = Int(try TextLines.count(try lines.required("failures"), "failure count", maximum: 1_000_000))
        let last = try lines.required("last-failure")
        lastFailure = last == "-" ? nil : try UTCTime.parse(last, "last failure")
        let locked = try lines.required("locked")
        guard locked == "yes" || locked == "no" else { throw SignerError(.invalidFile, "locked is yes or no") }
        self.locked = locked == "yes"
        try lines.finish()
    }

    var bytes: [UInt8] {
        let last = lastFailure.map(UTCTime.format) ?? "-"
        return Array(
            "\(Self.header)\nfailures: \(failures)\nlast-failure: \(last)\nlocked: \(locked ? "yes" : "no")\nend\n".utf8
        )
    }

    /// Seconds still to wait before the next attempt: `base × 2^(failures−1)`, at most an hour.
    func wait(at now: Date, base: Int) -> Int {
        guard failures > 0, let lastFailure, base > 0 else { return 0 }
        let delay = min(base << min(failures - 1, 20), 3600)
        return max(0, Int((lastFailure.timeIntervalSince1970 + Double(delay) - now.timeIntervalSince1970).rounded(.up)))
    }
}
