import Foundation
import WalletCrypto

/// Prints the header, one line per row as it completes, and the goal checks, as text or Markdown.
struct Report {
    let markdown: Bool

    private static let columns = [
        "Benchmark", "Input", "WalletCrypto ops/s", "Direct ops/s", "WalletCrypto MB/s", "Direct MB/s", "Ratio",
    ]
    private static let widths = [44, 9, 19, 14, 18, 12, 6]

    func header(options: Options) {
        let meter = options.meter
        let lines = [
            "OpenSSL: \(CryptoBackend.version)",
            "Machine: \(MachineInfo.summary)",
            "Build: \(MachineInfo.buildConfiguration)",
            "Method: \(meter.rounds) alternating rounds of \(meter.secondsPerSide) s per side per row "
                + "(up to \(meter.maximumRetries) extra set(s) of rounds while unsteady); best round of each side; "
                + "ratio = WalletCrypto / direct; MB = 10^6 bytes",
            "Direct: OpenSSL EVP called from Swift with algorithms fetched once and contexts reused, "
                + "as `openssl speed -evp` does",
        ]
        if markdown {
            print("### custody-bench\(options.quick ? " --quick" : "")\n")
            for line in lines { print("- \(line)") }
            print("")
            print("| " + Report.columns.joined(separator: " | ") + " |")
            print("|" + Report.columns.indices.map { $0 < 2 ? " --- |" : " ---: |" }.joined())
        } else {
            print("custody-bench: WalletCrypto against direct OpenSSL\(options.quick ? " (--quick)" : "")")
            for line in lines { print(line) }
            print("")
            print(row(Report.columns))
        }
        flush()
    }

    func line(_ m: Measurement) {
        let cells = [
            m.benchmark.name, m.benchmark.inputLabel,
            Report.rate(m.walletOpsPerSecond), Report.rate(m.directOpsPerSecond),
            m.walletMegabytesPerSecond.map(Report.rate) ?? "-", m.directMegabytesPerSecond.map(Report.rate) ?? "-",
            String(format: "%.2f", m.ratio) + (m.isSteady ? "" : unsteadyMark),
        ]
        print(markdown ? "| " + cells.joined(separator: " | ") + " |" : row(cells))
        flush()
    }

    func goals(_ measurements: [Measurement]) {
        let checked = measurements.filter { $0.benchmark.goal != nil }
        print("")
        print(markdown ? "#### Targets\n" : "Targets (ratio = WalletCrypto / direct):")
        for m in checked {
            guard let goal = m.benchmark.goal, let met = m.meetsGoal else { continue }
            let ratio = String(format: "%.3f", m.ratio) + (m.isSteady ? "" : unsteadyMark)
            let minimum = String(format: "%.2f", goal.minimumRatio)
            let text =
                "\(met ? "PASS" : "FAIL")  \(ratio) (goal >= \(minimum), \(goal.name)): "
                + "\(m.benchmark.name) \(m.benchmark.inputLabel)"
            print(markdown ? "- \(text)" : "  \(text)")
        }
        let passed = checked.filter { $0.meetsGoal == true }.count
        let summary = checked.isEmpty ? "No selected row has a target." : "\(passed) of \(checked.count) targets met."
        print(markdown ? "\n**\(summary)**" : summary)
        flush()
    }

    /// A peak-memory check, printed after the ratio targets.
    func memory(_ what: String, mebibytes: Double, limit: Double) {
        let text =
            "\(mebibytes < limit ? "PASS" : "FAIL")  peak memory \(String(format: "%.1f", mebibytes)) MiB "
            + "(goal < \(Int(limit)) MiB, VmHWM of a child process): \(what)"
        print(markdown ? "- \(text)" : "  \(text)")
        flush()
    }

    /// Issue 14's rows: the stores on PostgreSQL by client count, beside pgbench on the same
    /// server, with the goals for 4 clients.
    func postgres(_ rows: [PostgresBench.Row]) {
        print("")
        print(
            markdown
                ? "#### PostgreSQL (issue 14)\n\n| Operation | Clients | Rate | pgbench TPC-B-like, same clients |\n| --- | ---: | ---: | ---: |"
                : "PostgreSQL (issue 14, a local server, each client a store of its own; pgbench -b tpcb-like beside it):"
        )
        for row in rows {
            let rate = String(format: "%.0f %@", row.perSecond, row.unit)
            let tps = String(format: "%.0f tps", row.pgbenchTPS)
            print(
                markdown
                    ? "| \(row.operation) | \(row.clients) | \(rate) | \(tps) |"
                    : "  \(row.operation), \(row.clients) client(s): \(rate)  (pgbench: \(tps))")
        }
        let goals: [(String, Double)] = [
            ("tokenize (1,000 per call)", 20_000), ("withDetokenizedPANs (1,000 per call)", 50_000),
        ]
        if !markdown { print("") }
        for (operation, goal) in goals {
            guard let row = rows.first(where: { $0.operation == operation && $0.clients == 4 }) else { continue }
            let text =
                "\(row.perSecond >= goal ? "PASS" : "FAIL")  \(String(format: "%.0f", row.perSecond)) cards/s (goal >= \(Int(goal))): \(operation) on PostgreSQL, 4 clients"
            print(markdown ? "- \(text)" : "  \(text)")
        }
        flush()
    }

    /// The card vault's absolute targets (issue 6), on a durable SQLite file.
    func vault(_ figures: VaultBench.Figures) {
        let lines = [
            (
                figures.tokenisePerSecond >= 20_000, String(format: "%.0f cards/s", figures.tokenisePerSecond),
                "goal >= 20,000", "batched tokenise, \(VaultBench.batchSize) cards per transaction"
            ),
            (
                figures.detokenisePerSecond >= 50_000, String(format: "%.0f cards/s", figures.detokenisePerSecond),
                "goal >= 50,000", "batch detokenise, \(VaultBench.batchSize) per transaction, one audit entry each"
            ),
            (
                true, String(format: "p50 %.2f ms, p99 %.2f ms", figures.p50Milliseconds, figures.p99Milliseconds),
                "reported", "single durable tokenise, one transaction with fsync each"
            ),
            (
                true, String(format: "%.2f ms", figures.checkpointMilliseconds), "reported",
                "signed checkpoint (C2SP note, Ed25519) of a \(figures.logEntries)-entry audit log, appended and fsynced"
            ),
            (
                true, String(format: "%.2f s", figures.verifySeconds), "reported",
                "verify the \(figures.logEntries)-entry log: every MAC, the tree, the checkpoint file and a consistency proof"
            ),
        ]
        print("")
        print(
            markdown
                ? "#### Card vault (issues 6 and 12)\n"
                : "Card vault (issues 6 and 12, durable SQLite, WAL, synchronous=FULL, keyed audit log, checkpoint every 1,000 entries):"
        )
        for (met, value, goal, what) in lines {
            let text = "\(met ? "PASS" : "FAIL")  \(value) (\(goal)): \(what)"
            print(markdown ? "- \(text)" : "  \(text)")
        }
        flush()
    }

    func footer(_ measurements: [Measurement], sink: UInt8, seconds: Double) {
        let unsteady = measurements.filter { !$0.isSteady }
        let prefix = markdown ? "- " : ""
        print("")
        if !unsteady.isEmpty {
            print(
                prefix + "\(unsteady.count) row(s) marked \(unsteadyMark) stayed unsteady after extra rounds: their "
                    + "best-round ratio and median paired ratio differ by more than \(Int(Meter.tolerance * 100))%, "
                    + "so background load skewed them; rerun those rows with --filter.")
        }
        print(prefix + "Sink \(sink): one byte of every result, printed so that no work can be optimised away.")
        print(prefix + "Total time " + String(format: "%.1f", seconds) + " s.")
        flush()
    }

    /// Escaped in Markdown, where a bare `*` may start emphasis.
    private var unsteadyMark: String { markdown ? "\\*" : "*" }

    private func row(_ cells: [String]) -> String {
        zip(cells, Report.widths).enumerated().map { index, pair in
            let (cell, width) = pair
            let padding = String(repeating: " ", count: max(0, width - cell.count))
            return index < 2 ? cell + padding : padding + cell
        }.joined(separator: " ")
    }

    /// Digits grouped in thousands above 100, one decimal below, so slow KDF rows keep precision.
    private static func rate(_ value: Double) -> String {
        guard value >= 100 else { return String(format: "%.1f", value) }
        var digits = String(format: "%.0f", value)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        return groups.joined(separator: ",")
    }

    /// Progress appears row by row even when stdout is a pipe (`| tee`).
    private func flush() { fflush(nil) }
}
