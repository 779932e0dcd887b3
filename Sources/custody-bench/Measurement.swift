/// The best throughput each side reached on one row.
struct Measurement {
    let benchmark: Benchmark
    let walletOpsPerSecond: Double
    let directOpsPerSecond: Double
    /// The median of the ratios of rounds run back to back: a second estimate, robust to load that
    /// hits only some rounds, used to tell whether the best-round ratio can be trusted.
    let medianPairedRatio: Double
    let rounds: Int

    /// WalletCrypto / direct from each side's best round: 1.0 means no wrapper overhead.
    var ratio: Double { walletOpsPerSecond / directOpsPerSecond }

    /// Whether both ratio estimates agree; if not, background load skewed the row and it should be rerun.
    var isSteady: Bool { abs(ratio / medianPairedRatio - 1) <= Meter.tolerance }

    var walletMegabytesPerSecond: Double? { megabytes(walletOpsPerSecond) }
    var directMegabytesPerSecond: Double? { megabytes(directOpsPerSecond) }

    /// Whether the row meets its goal; nil when the row has none.
    var meetsGoal: Bool? { benchmark.goal.map { ratio >= $0.minimumRatio } }

    /// MB is 10^6 bytes, as in `openssl speed`.
    private func megabytes(_ opsPerSecond: Double) -> Double? {
        benchmark.throughputByteCount.map { opsPerSecond * Double($0) / 1e6 }
    }
}
