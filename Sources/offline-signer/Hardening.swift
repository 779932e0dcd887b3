import Glibc

/// Process hardening calls that Glibc's Swift module does not import (`<sys/prctl.h>`).
enum Hardening {
    /// `RLIMIT_MEMLOCK` from `<sys/resource.h>`.
    static let memoryLockLimit = __rlimit_resource_t(8)

    /// `prctl(PR_SET_DUMPABLE, 0)`: no core file, and no ptrace or /proc/PID/mem access by other
    /// processes of the same user. Returns false when the call fails or cannot be found.
    static func disableDumping() -> Bool {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return false }
        let prctl = unsafeBitCast(symbol, to: Prctl.self)
        let setDumpable: Int32 = 4
        let getDumpable: Int32 = 3
        return prctl(setDumpable, 0, 0, 0, 0) == 0 && prctl(getDumpable, 0, 0, 0, 0) == 0
    }
}
