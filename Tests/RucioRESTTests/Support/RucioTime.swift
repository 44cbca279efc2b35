import Foundation
import RucioREST

/// Dates as a Rucio server writes them, relative to now.
enum RucioTime {
    /// `X-Rucio-Auth-Token-Expires` form: `Sun, 22 Nov 2026 01:39:13 UTC`.
    static func rucioDate(secondsFromNow: TimeInterval) -> String {
        RucioDate.format(Date().addingTimeInterval(secondsFromNow))
    }

    /// HTTP `Date` form: `Sun, 22 Nov 2026 01:39:13 GMT`.
    static func httpDate(secondsFromNow: TimeInterval) -> String {
        String(rucioDate(secondsFromNow: secondsFromNow).dropLast(3)) + "GMT"
    }
}
