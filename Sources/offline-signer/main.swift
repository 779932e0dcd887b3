import Foundation
import Glibc
import OfflineSigner
import WalletCrypto

// The signer holds secrets in memory: a crash must not write them to a core file, and no other
// process of the same user may read its memory through ptrace or /proc/PID/mem.
var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
guard setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore) == 0, Hardening.disableDumping() else {
    FileHandle.standardError.write(
        Data(
            "offline-signer: cannot disable core dumps and memory access by other processes, so nothing is done.\n".utf8
        ))
    exit(1)
}
// Keep secrets out of swap where the memory-lock limit allows all of the signer's memory (root, or an
// unlimited RLIMIT_MEMLOCK); with a smaller limit, locking everything could make allocations fail.
var memoryLock = rlimit()
if getrlimit(Hardening.memoryLockLimit, &memoryLock) == 0,
    memoryLock.rlim_cur == rlim_t.max || geteuid() == 0
{
    _ = mlockall(MCL_CURRENT | MCL_FUTURE)
}

/// The version `--version` prints.
let version =
    "offline-signer \(WalletCustodyVersion.string) (WalletCustody; request-v2, response-v1, journal-v2, backup-v1, policy-v1)"

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
if arguments.first == "--version" || arguments.first == "version" {
    print(version)
    exit(arguments.count == 1 ? 0 : 2)
}
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
} catch let error as SignerError {
    fail(error)
} catch {
    // The library documents SignerError for every call the commands make; anything else is a bug.
    fail(SignerError(.ioFailure, "unexpected failure: \(error)"))
}
