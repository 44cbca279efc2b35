extension Duration {
    /// Whole milliseconds, rounded up so that a short positive timeout never becomes 0 (which
    /// libcurl reads as "no timeout"), and clamped to what a C `long` holds.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let limit = Int64(Int.max / 1000 - 1)
        if seconds >= limit { return Int.max }
        let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(seconds * 1000 + fraction)
    }

    /// A duration from libcurl's microsecond counters (the CURLINFO_*_TIME_T values).
    static func curlMicroseconds(_ value: Int64) -> Duration { .microseconds(value) }
}
