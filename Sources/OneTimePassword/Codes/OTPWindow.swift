/// How many time steps before and after the current one a TOTP code may come from.
///
/// Security contract: every step in the window is one more code an attacker may guess, so keep it
/// small; ±1 step (the default) absorbs 30 s of clock skew and typing time. At most 10 each way.
public struct OTPWindow: Sendable, Equatable {
    /// Steps accepted before the current one (a slow user or a phone clock behind).
    public let behind: Int
    /// Steps accepted after the current one (a phone clock ahead).
    public let ahead: Int

    /// Throws `OTPError` `.invalidParameter` outside 0...10.
    public init(behind: Int = 1, ahead: Int = 1) throws {
        guard (0...10).contains(behind), (0...10).contains(ahead) else {
            throw OTPError(.invalidParameter, "a window has 0 to 10 steps each way, got -\(behind)/+\(ahead)")
        }
        self.behind = behind
        self.ahead = ahead
    }

    /// ±1 step.
    public static let standard = try! OTPWindow()
}
