import Glibc

/// The machine's network interfaces, read with `getifaddrs(3)`, which asks the kernel over netlink
/// and opens no network connection.
///
/// Security contract: reports interfaces that are administratively up and not loopback. It
/// cannot see a radio that the kernel does not show as an interface, or a cable plugged in after
/// the check; it is a guard against signing on a machine that is plainly online.
public enum NetworkInterfaces {
    /// Names of interfaces that are up and not loopback, sorted.
    public static func upNonLoopback() -> [String] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var names: Set<String> = []
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            let flags = Int(entry.pointee.ifa_flags)
            if flags & IFF_UP != 0, flags & IFF_LOOPBACK == 0 {
                names.insert(String(cString: entry.pointee.ifa_name))
            }
        }
        return names.sorted()
    }
}
