import Foundation

// Runs every selected row, then checks the issue's goals. The exit status is 0 whenever the figures
// could be measured: missing a goal is a finding to report, not a failure of the tool.

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == Suite.signerProbeFlag, arguments.count == 2 {
    do {
        try Suite.runSignerMemoryProbe(arguments[1])
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("custody-bench: \(error)\n".utf8))
        exit(1)
    }
}
if arguments.contains("--help") {
    print(Options.usage)
    exit(0)
}
guard let options = Options(arguments) else {
    FileHandle.standardError.write(Data((Options.usage + "\n").utf8))
    exit(2)
}

let sink = Sink()
let benchmarks = Suite.all(sink: sink).filter(options.selects)
let runsVault = options.filter.map { "card vault".contains($0.lowercased()) } ?? true
let runsPostgres = options.filter.map { "postgresql".contains($0.lowercased()) } ?? true
guard !benchmarks.isEmpty || runsVault || runsPostgres else {
    FileHandle.standardError.write(Data("custody-bench: no row matches --filter \(options.filter ?? "")\n".utf8))
    exit(2)
}

let report = Report(markdown: options.markdown)
let meter = options.meter
var measurements: [Measurement] = []
let clock = ContinuousClock()
let start = clock.now

report.header(options: options)
do {
    for benchmark in benchmarks {
        let measurement = try meter.measure(benchmark)
        measurements.append(measurement)
        report.line(measurement)
    }
} catch {
    FileHandle.standardError.write(Data("custody-bench: \(error)\n".utf8))
    exit(1)
}
if !measurements.isEmpty { report.goals(measurements) }
for (what, peak, limit) in Suite.signerPeakMemory.withLock({ $0 }) {
    report.memory(what, mebibytes: peak, limit: limit)
}
if runsVault {
    do {
        report.vault(try VaultBench.run(quick: options.quick))
    } catch {
        FileHandle.standardError.write(Data("custody-bench: card vault: \(error)\n".utf8))
        exit(1)
    }
}

if runsPostgres {
    do {
        if let rows = try PostgresBench.run(quick: options.quick) {
            report.postgres(rows)
        } else {
            print("\nPostgreSQL rows skipped: set WALLETCUSTODY_BENCH_POSTGRES or run from the package folder")
        }
    } catch {
        FileHandle.standardError.write(Data("custody-bench: PostgreSQL: \(error)\n".utf8))
        exit(1)
    }
}

let elapsed = (clock.now - start).components
report.footer(measurements, sink: sink.value, seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
exit(0)
