import Foundation
import WalletCrypto

/// The text a person reads before signing: exactly what the signature will cover.
///
/// Security contract: every value shown is the value signed. Text from the request is shown with
/// invisible and direction-changing characters (Unicode format characters, such as U+202E) escaped,
/// so a payee cannot be made to look like another on screen.
public enum Review {
    /// The review of `request` with its verified payloads, for `keyID`.
    public static func text(
        _ request: SigningRequest, keyID: KeyID?, algorithm: SignerAlgorithm?, policy: String, now: Date
    ) -> String {
        var lines = [
            "Signing request \(request.idHex)",
            "  kind:            \(shown(request.kind))",
            "  created:         \(UTCTime.format(request.created))",
            "  expires:         \(UTCTime.format(request.expires)) (\(remaining(request.expires, now)))",
        ]
        if let amount = request.summary.amount, let currency = request.summary.currency {
            lines.append("  amount:          \(amount) \(currency)")
        }
        if let payee = request.summary.payee { lines.append("  payee:           \(shown(payee))") }
        if let purpose = request.summary.purpose { lines.append("  purpose:         \(shown(purpose))") }
        if let reference = request.summary.reference { lines.append("  reference:       \(shown(reference))") }
        lines.append("  payloads (\(request.payloads.count), each hash checked against its file):")
        for payload in request.payloads {
            lines.append("    \(payload.name)  \(payload.byteCount) bytes  sha256 \(Hex.encode(payload.sha256))")
        }
        if let keyID, let algorithm { lines.append("  signing key:     \(keyID) (\(algorithm.rawValue))") }
        lines.append("  policy:          \(policy)")
        lines.append("  request sha256:  \(Hex.encode(request.sha256))")
        lines.append(
            "The signature covers the request ID, kind, times, summary, payload hashes and sizes, and the key ID.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Escapes format characters (bidi overrides, zero-width joiners) and anything unassigned.
    static func shown(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .format, .unassigned, .privateUse, .control, .surrogate:
                output += scalar.escaped(asASCII: true)
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func remaining(_ expires: Date, _ now: Date) -> String {
        let seconds = Int(expires.timeIntervalSince(now))
        guard seconds > 0 else { return "EXPIRED" }
        return seconds >= 3600
            ? "in \(seconds / 3600) h \(seconds % 3600 / 60) min" : "in \(seconds / 60) min \(seconds % 60) s"
    }
}
