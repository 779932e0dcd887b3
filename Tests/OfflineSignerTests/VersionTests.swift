import Foundation
import TestSupport
import Testing
import WalletCrypto

/// The version is written once (`WalletCustodyVersion`); the CLI prints it and the changelog's
/// newest entry names it, so a release cannot bump one and forget the others.
struct VersionTests {
    @Test func cliPrintsTheLibraryVersion() throws {
        try withTemporaryFolder("version") { folder in
            let result = try SignerCLI(folder: folder).run(["--version"])
            #expect(result.status == 0)
            #expect(result.output.hasPrefix("offline-signer \(WalletCustodyVersion.string) "), "\(result.output)")
        }
    }

    @Test func changelogNamesTheVersionFirst() throws {
        let changelog = try String(
            contentsOf: VectorFile.repositoryRoot.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let firstRelease = changelog.split(separator: "\n").first { $0.hasPrefix("## ") }
        #expect(firstRelease?.hasPrefix("## \(WalletCustodyVersion.string) ") == true, "\(firstRelease ?? "none")")
    }
}
