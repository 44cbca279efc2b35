import CivilTime
/// A naive UTC timestamp to the second, as DIRAC puts `datetime.datetime` on the wire:
/// `{"__dCls": "dt", "obj": "%Y-%m-%d %H:%M:%S"}` (`DIRAC.Core.Utilities.JEncode`).
///
/// Kept as seconds since the Unix epoch; formatting and parsing use the proleptic Gregorian calendar
/// directly (no locale, no time zone database, no Foundation formatter on the hot path of listings).
public struct DIRACDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// From calendar fields (UTC).
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        let days = CivilCalendar.daysFromCivil(year: year, month: month, day: day)
        secondsSinceEpoch = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Parses `YYYY-mm-dd HH:MM:SS` as `datetime.strptime(..., "%Y-%m-%d %H:%M:%S")` does.
    /// Also accepts a `T` separator, fractional seconds and a trailing `Z`/`+00:00`, which Rucio's
    /// timestamps carry, dropping the fraction as JEncode would.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = Self.number(bytes, 0, 4), let month = Self.number(bytes, 5, 2),
            let day = Self.number(bytes, 8, 2), let hour = Self.number(bytes, 11, 2),
            let minute = Self.number(bytes, 14, 2), let second = Self.number(bytes, 17, 2),
            (1...12).contains(month), (1...CivilCalendar.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var rest = bytes[19...]
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst().drop(while: { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        }
        let suffix = String(decoding: rest, as: UTF8.self)
        guard ["", "Z", "+00:00", " UTC", " GMT"].contains(suffix) else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// `YYYY-mm-dd HH:MM:SS`, the JEncode spelling.
    public var description: String {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondOfDay = Int(secondsSinceEpoch - days * 86_400)
        let (year, month, day) = CivilCalendar.civilFromDays(days)
        return CivilCalendar.pad(year, 4) + "-" + CivilCalendar.pad(month, 2) + "-" + CivilCalendar.pad(day, 2) + " "
            + CivilCalendar.pad(secondOfDay / 3600, 2) + ":" + CivilCalendar.pad(secondOfDay / 60 % 60, 2) + ":"
            + CivilCalendar.pad(secondOfDay % 60, 2)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }

    /// `datetime.datetime.min` (0001-01-01 00:00:00): Python has no year 0.
    public static let pythonMinimum = DIRACDateTime(year: 1, month: 1, day: 1).secondsSinceEpoch

    static func number(_ bytes: [UInt8], _ start: Int, _ length: Int) -> Int? {
        var value = 0
        for byte in bytes[start..<start + length] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

/// A calendar date, JEncode's `{"__dCls": "date", "obj": "%Y-%m-%d"}`.
public struct DIRACDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-mm-dd`.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = DIRACDateTime.number(bytes, 0, 4), let month = DIRACDateTime.number(bytes, 5, 2),
            let day = DIRACDateTime.number(bytes, 8, 2), (1...12).contains(month),
            (1...CivilCalendar.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        CivilCalendar.pad(year, 4) + "-" + CivilCalendar.pad(month, 2) + "-" + CivilCalendar.pad(day, 2)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
