/// Times both sides of a row in alternating rounds and keeps each side's best round.
///
/// On a small shared machine, noise only ever slows a round down, so the fastest round is the best
/// estimate of the true cost; alternating the sides exposes both to the same background load.
/// Load that starts or stops mid-row can still favour one side, so each row is cross-checked
/// against the median of the per-round ratios and given more rounds while the two disagree.
struct Meter {
    let rounds: Int
    let secondsPerSide: Double
    /// Extra sets of `rounds` a row may get when its two ratio estimates disagree.
    let maximumRetries: Int
    /// How far the best-round ratio may stray from the median paired ratio before a retry.
    static let tolerance = 0.03

    func measure(_ benchmark: Benchmark) throws -> Measurement {
        let (wallet, direct) = try benchmark.prepare()
        if let externalRate = benchmark.externalRate {
            let walletBatch = try batchSize(wallet)
            let walletRate = try (0..<rounds).map { _ in try rate(wallet, batch: walletBatch) }.max() ?? 0
            let directRate = try externalRate()
            return Measurement(
                benchmark: benchmark, walletOpsPerSecond: walletRate, directOpsPerSecond: directRate,
                medianPairedRatio: walletRate / directRate, rounds: rounds)
        }
        let walletBatch = try batchSize(wallet)
        let directBatch = try batchSize(direct)
        var best = (wallet: 0.0, direct: 0.0)
        var pairedRatios: [Double] = []
        var attempt = 0
        while true {
            for round in 0..<rounds {
                // Swapping which side goes first keeps a steady drift (clock scaling, a neighbour's
                // build) from always landing on the same side.
                let walletFirst = round.isMultiple(of: 2)
                let first = try rate(walletFirst ? wallet : direct, batch: walletFirst ? walletBatch : directBatch)
                let second = try rate(walletFirst ? direct : wallet, batch: walletFirst ? directBatch : walletBatch)
                let (walletRate, directRate) = walletFirst ? (first, second) : (second, first)
                best = (max(best.wallet, walletRate), max(best.direct, directRate))
                pairedRatios.append(walletRate / directRate)
            }
            let measurement = Measurement(
                benchmark: benchmark, walletOpsPerSecond: best.wallet, directOpsPerSecond: best.direct,
                medianPairedRatio: Meter.median(pairedRatios), rounds: pairedRatios.count)
            if measurement.isSteady || attempt == maximumRetries { return measurement }
            attempt += 1
        }
    }

    /// Operations per clock reading: enough for about a millisecond, so reading the clock costs
    /// nothing measurable while a round still ends close to its deadline. Doubles as warm-up.
    private func batchSize(_ operation: Benchmark.Operation) throws -> Int {
        var batch = 1
        while try time(operation, batch) < 0.001 { batch *= 2 }
        return batch
    }

    private func rate(_ operation: Benchmark.Operation, batch: Int) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var operations = 0
        var elapsed = 0.0
        repeat {
            for _ in 0..<batch { try operation() }
            operations += batch
            elapsed = Meter.seconds(clock.now - start)
        } while elapsed < secondsPerSide
        return Double(operations) / elapsed
    }

    private func time(_ operation: Benchmark.Operation, _ batch: Int) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<batch { try operation() }
        return Meter.seconds(clock.now - start)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}
