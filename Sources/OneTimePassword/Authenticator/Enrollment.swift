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
    /// The otpauth:// URI as text, for a link or the QR code. It contains the secret.
    public var uriString: String { uri.absoluteString }

    /// The secret in Base32 without spaces or padding, for apps and libraries that take it as one
    /// string. It is the secret: handle it as such.
    public var secretBase32: String { Base32.encode(uri.secret.withUnsafeBytes { Array($0) }) }

    /// The secret in Base32, grouped by four, for manual entry.
    public var manualEntryKey: String {
        let text = secretBase32
        return stride(from: 0, to: text.count, by: 4).map { offset in
            String(text.dropFirst(offset).prefix(4))
        }.joined(separator: " ")
    }
}
