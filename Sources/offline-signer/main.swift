import Foundation
import Glibc
import OfflineSigner

// The signer holds secrets in memory: a crash must not write them to a core file.
var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
guard setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore) == 0 else {
    FileHandle.standardError.write(Data("offline-signer: cannot disable core dumps, so nothing is done.\n".utf8))
    exit(1)
}

let commands: [Command] = [
    KeystoreCommands.initialize, KeystoreCommands.pubkey, RequestCommands.request, RequestCommands.review,
    RequestCommands.sign, RequestCommands.verify, RequestCommands.combine, KeystoreCommands.journal,
    ArmorCommands.armor, ArmorCommands.dearmor, KeystoreCommands.backup, KeystoreCommands.restore, DemoCommand.demo,
]

let overview =
    """
    offline-signer: a hardware-wallet-style signer for air-gapped machines

    usage: offline-signer COMMAND [OPTIONS]   (offline-signer COMMAND --help for details)

    """
    + commands.map { "  \($0.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(
        separator: "\n")
        + """


        Exit codes: 0 ok, 1 verification or policy refusal, 2 usage, 3 bad input file,
        4 wrong passphrase or locked keystore. Errors are one sentence on standard error.
        """

func fail(_ error: SignerError) -> Never {
    var sentence = error.reason
    if !sentence.hasSuffix(".") { sentence += "." }
    FileHandle.standardError.write(Data("offline-signer: \(sentence)\n".utf8))
    exit(error.exitCode)
}

let arguments = CommandLine.arguments.dropFirst()
guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
    print(overview)
    exit(arguments.isEmpty ? 2 : 0)
}
guard let command = commands.first(where: { $0.name == name }) else {
    fail(SignerError(.usage, "unknown command '\(name)'; run offline-signer --help"))
}
if arguments.contains("--help") || arguments.contains("-h") {
    print(command.usage)
    exit(0)
}
do {
    try command.run(arguments.dropFirst())
} catch {
    fail(error)
}
