import CivilTime
import Testing

@Suite("Civil calendar arithmetic")
struct CivilCalendarTests {
    /// Vectors from Python: `(datetime.date(y, m, d) - datetime.date(1970, 1, 1)).days`.
    @Test("known days since 1970-01-01: the epoch, a leap day, before the epoch, far future", arguments: [
        (1970, 1, 1, Int64(0)), (2000, 2, 29, Int64(11_016)), (1969, 12, 31, Int64(-1)), (2026, 11, 22, Int64(20_779)),
        (9999, 12, 31, Int64(2_932_896)), (1, 1, 1, Int64(-719_162)),
    ])
    func daysFromCivil(year: Int, month: Int, day: Int, days: Int64) {
        #expect(CivilCalendar.daysFromCivil(year: year, month: month, day: day) == days)
        let civil = CivilCalendar.civilFromDays(days)
        #expect(civil.year == year && civil.month == month && civil.day == day)
    }

    @Test("every day of 1900–2100 round-trips, consecutive days are consecutive numbers")
    func roundTrip() {
        var expected = CivilCalendar.daysFromCivil(year: 1900, month: 1, day: 1)
        for year in 1900...2100 {
            for month in 1...12 {
                for day in 1...CivilCalendar.daysIn(month: month, year: year) {
                    #expect(CivilCalendar.daysFromCivil(year: year, month: month, day: day) == expected)
                    expected += 1
                }
            }
        }
    }

    @Test("February has 29 days in leap years only (1900 is not one, 2000 is)")
    func leapYears() {
        #expect(CivilCalendar.daysIn(month: 2, year: 1900) == 28)
        #expect(CivilCalendar.daysIn(month: 2, year: 2000) == 29)
        #expect(CivilCalendar.daysIn(month: 2, year: 2024) == 29)
        #expect(CivilCalendar.daysIn(month: 2, year: 2026) == 28)
    }
}
