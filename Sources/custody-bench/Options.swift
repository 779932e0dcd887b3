/// The command line: `custody-bench [--quick] [--markdown] [--filter SUBSTRING] [--help]`.
struct Options {
    var quick = false
    var markdown = false
    var filter: String?

    static let usage = """
        usage: custody-bench [--quick] [--markdown] [--filter SUBSTRING] [--help]
          --quick             3 rounds of 0.05 s per side instead of 5 of 0.2 s (under a minute in all)
          --markdown          print the results as a Markdown table (as in BENCHMARKS.md)
          --filter SUBSTRING  run only rows whose name or input size contains SUBSTRING (any case)
        """

    /// Parses the arguments after the program name; nil for an argument it does not know.
    init?(_ arguments: [String]) {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--quick": quick = true
            case "--markdown": markdown = true
            case "--filter":
                guard let value = remaining.popFirst() else { return nil }
                filter = value
            default: return nil
            }
        }
    }

    /// Rounds per row and seconds per side per round; the quick setting keeps the whole run under a minute.
    var meter: Meter {
        Meter(rounds: quick ? 3 : 5, secondsPerSide: quick ? 0.05 : 0.2, maximumRetries: 2)
    }

    func selects(_ benchmark: Benchmark) -> Bool {
        guard let filter else { return true }
        return "\(benchmark.name) \(benchmark.inputLabel)".lowercased().contains(filter.lowercased())
    }
}
