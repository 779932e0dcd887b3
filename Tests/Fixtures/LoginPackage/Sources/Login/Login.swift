// swift-format-ignore-file
// The function below is kept exactly as issue 15 quotes it, on one line.
import OneTimePassword

/// Issue 15's reproduction, exactly as reported.
func login(_ auth: Authenticator?) throws { do { _ = try auth!.verify(user: "u", code: "123456") } catch let error as OTPError { print(error) } }
