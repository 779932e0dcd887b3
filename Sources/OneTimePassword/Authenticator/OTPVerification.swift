/// A code `Authenticator` accepted.
///
/// Security contract: informational; the step is already recorded, so the same code, and any
/// earlier one, is refused from now on.
public struct OTPVerification: Sendable, Equatable {
    /// The time step the code belonged to.
    public let step: UInt64
    /// That step minus the server's current step: how far the user's clock runs ahead (positive)
    /// or behind (negative), in steps.
    public let drift: Int
}
