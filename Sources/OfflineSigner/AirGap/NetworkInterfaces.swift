import Foundation

/// The network interfaces of this process's network namespace, read without any socket: names from
/// `/proc/self/net/dev` (per namespace) and flags from `/sys/class/net/NAME/flags`. The usual
/// `getifaddrs(3)` opens a netlink socket to ask the kernel.
///
/// Security contract: reports interfaces that are administratively up and not loopback, and fails
/// closed: an interface whose flags cannot be read counts as up, and an unreadable list refuses.
/// It cannot see a radio that the kernel does not show as an interface, or a cable plugged in after
/// the check; it is a guard against signing on a machine that is plainly online.
public enum NetworkInterfaces {
    private static let up: UInt = 0x1
    private static let loopback: UInt = 0x8

    /// Names of interfaces that are up (or whose state is unknown) and not loopback, sorted.
    /// Throws `SignerError`.
    public static func upNonLoopback() throws -> [String] {
        guard let table = try? String(contentsOfFile: "/proc/self/net/dev", encoding: .utf8) else {
            throw SignerError(.networkUp, "the network interfaces cannot be read, so the air gap is unknown")
        }
        // Two header lines, then "  name: counters…" per interface.
        let names = table.split(separator: "\n").dropFirst(2).compactMap { line in
            line.split(separator: ":", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        // A namespace with nothing but loopback (as under `unshare -n`) needs no flags.
        if names.allSatisfy({ $0.utf8.elementsEqual("lo".utf8) }) { return [] }
        // /proc/self/net/dev is this process's namespace; /sys/class/net is the namespace of whoever
        // mounted sysfs. Read flags only when both list the same interfaces: one namespace's view.
        let sysfs = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []
        guard Set(sysfs.map { Array($0.utf8) }) == Set(names.map { Array($0.utf8) }) else {
            throw SignerError(
                .networkUp,
                "the interfaces in /proc/self/net/dev and /sys/class/net differ (another network namespace's sysfs), so the air gap is unknown"
            )
        }
        return names.filter { name in
            guard let text = try? String(contentsOfFile: "/sys/class/net/\(name)/flags", encoding: .utf8),
                let flags = UInt(text.trimmingCharacters(in: .whitespacesAndNewlines).dropFirst(2), radix: 16)
            else { return true }
            return flags & up != 0 && flags & loopback == 0
        }.sorted()
    }
}
