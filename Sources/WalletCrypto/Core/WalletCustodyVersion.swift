/// The version of the WalletCustody package, written here and nowhere else.
///
/// Security contract: a label for support and bug reports; it proves nothing about the build.
/// `offline-signer --version` prints it, and a test checks that `CHANGELOG.md` names it first.
public enum WalletCustodyVersion {
    /// Semantic version of this release, for example "0.4.0".
    public static let string = "0.4.0"
}
