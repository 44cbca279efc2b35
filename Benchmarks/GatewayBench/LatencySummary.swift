/// Percentiles of per-call latencies (nearest-rank method), in milliseconds.
struct LatencySummary: Sendable {
    var p50: Double
    var p90: Double
    var p99: Double
    var max: Double
    var mean: Double

    init?(nanoseconds samples: [Int64]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        func percentile(_ p: Double) -> Double {
            let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
            return Double(sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]) / 1e6
        }
        p50 = percentile(50)
        p90 = percentile(90)
        p99 = percentile(99)
        max = Double(sorted[sorted.count - 1]) / 1e6
        mean = Double(sorted.reduce(0, +)) / Double(sorted.count) / 1e6
    }
}
