#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock seconds, for comparing Rucio's `expired_at` with now.
enum CatalogClock {
    static func nowSeconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec)
    }
}
