import Foundation

/// What the figures depend on besides the code: CPU, core count, background load and build mode.
enum MachineInfo {
    static var summary: String {
        "\(cpuModel), \(ProcessInfo.processInfo.activeProcessorCount) online CPUs (nproc), load average \(loadAverage)"
    }

    static var buildConfiguration: String {
        #if DEBUG
            "debug (figures are meaningless; use -c release)"
        #else
            "release"
        #endif
    }

    private static var cpuModel: String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
        return model?.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
    }

    /// The 1-, 5- and 15-minute load averages; above the core count, other work competed with the run.
    private static var loadAverage: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
