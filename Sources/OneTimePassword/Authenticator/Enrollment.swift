/// What a new factor shows the user once: the key URI, its QR code, and the secret for typing in.
///
/// Security contract: every field carries the secret. Send it to the enrolling user over the
/// authenticated session only, never log, cache or store it; the factor stays pending, and no
/// code verifies, until `Authenticator.confirm` succeeds.
public struct Enrollment: Sendable {
    /// The otpauth:// URI.
    public let uri: OTPAuthURI
    /// The URI as a QR code, for the authenticator app's camera.
    public let qrCode: QRCode
    /// The secret in Base32, grouped by four, for manual entry.
    public var manualEntryKey: String {
        let text = Base32.encode(uri.secret.withUnsafeBytes { Array($0) })
        return stride(from: 0, to: text.count, by: 4).map { offset in
            String(text.dropFirst(offset).prefix(4))
        }.joined(separator: " ")
    }
}
