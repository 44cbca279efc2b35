import CivilTime

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Rucio's date format, `%a, %d %b %Y %H:%M:%S UTC` (rucio.common.utils `DATE_FORMAT`), e.g.
/// `Sun, 22 Nov 2026 01:39:13 UTC`.
///
/// Rucio writes it in `X-Rucio-Auth-Token-Expires` and in the `created_at`, `updated_at`,
/// `expires_at`… fields of DIDs, rules and RSEs. HTTP's own `Date` header uses the same layout
/// with `GMT` (RFC 9110 IMF-fixdate), so both suffixes are accepted. The weekday is not checked:
/// it adds nothing to the instant and a server would never get it wrong in a way that matters.
public enum RucioDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday

    /// The instant `text` names, or nil when it is not in the format above.
    public static func parse(_ text: String) -> Date? {
        // "Sun, 22 Nov 2026 01:39:13 UTC"
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "UTC" || parts[5] == "GMT",
            let day = Int(parts[1]), (1...31).contains(day),
            let monthIndex = months.firstIndex(of: String(parts[2])),
            let year = Int(parts[3]), parts[3].count == 4
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = CivilCalendar.daysFromCivil(year: year, month: monthIndex + 1, day: day)
        let seconds = ((days * 24 + Int64(hour)) * 60 + Int64(minute)) * 60 + Int64(second)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `date` in Rucio's format (whole seconds, `UTC`).
    public static func format(_ date: Date) -> String {
        let total = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = Int(total >= 0 ? total / 86_400 : (total - 86_399) / 86_400)
        let secondsOfDay = Int(total - Int64(days) * 86_400)
        let (year, month, day) = CivilCalendar.civilFromDays(Int64(days))
        let weekday = weekdays[((days % 7) + 7) % 7]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(two(day)) \(months[month - 1]) \(year) "
            + "\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60)) UTC"
    }
}
