import DIRACWire
import Testing

@Suite("DIRACDateTime and DIRACDate")
struct DIRACDateTimeTests {
    // Seconds from Python: calendar.timegm(datetime.strptime(text, "%Y-%m-%d %H:%M:%S").timetuple())
    @Test("parsing and formatting agree with Python's calendar", arguments: [
        ("1970-01-01 00:00:00", Int64(0)),
        ("2000-02-29 12:34:56", 951_827_696),
        ("2024-02-29 23:59:59", 1_709_251_199),
        ("1969-12-31 23:59:59", -1),
        ("1955-11-05 06:15:00", -446_751_900),
        ("1900-03-01 00:00:00", -2_203_891_200),
        ("1600-02-29 00:00:00", -11_670_998_400),
        ("2026-11-21 23:45:50", 1_795_304_750),
        ("2038-01-19 03:14:08", 2_147_483_648),
        ("9999-12-31 23:59:59", 253_402_300_799),
        ("0001-01-01 00:00:00", -62_135_596_800),
    ])
    func parseAndFormat(text: String, seconds: Int64) throws {
        let parsed = try #require(DIRACDateTime(parsing: text))
        #expect(parsed.secondsSinceEpoch == seconds)
        #expect(DIRACDateTime(secondsSinceEpoch: seconds).description == text)
    }

    @Test("the epoch")
    func epoch() {
        #expect(DIRACDateTime(secondsSinceEpoch: 0).description == "1970-01-01 00:00:00")
        #expect(DIRACDateTime(year: 1970, month: 1, day: 1).secondsSinceEpoch == 0)
    }

    @Test("before 1970: whole days and the second before midnight")
    func pre1970() {
        #expect(DIRACDateTime(secondsSinceEpoch: -86_400).description == "1969-12-31 00:00:00")
        #expect(DIRACDateTime(secondsSinceEpoch: -86_401).description == "1969-12-30 23:59:59")
        #expect(DIRACDateTime(secondsSinceEpoch: -1).description == "1969-12-31 23:59:59")
        #expect(DIRACDateTime(year: 1969, month: 7, day: 20, hour: 20, minute: 17, second: 40).secondsSinceEpoch == -14_182_940)
    }

    @Test("leap years: every 4th, not every 100th, every 400th")
    func leapYears() {
        #expect(DIRACDateTime(parsing: "2024-02-29 00:00:00") != nil)
        #expect(DIRACDateTime(parsing: "2000-02-29 00:00:00") != nil)
        #expect(DIRACDateTime(parsing: "1900-02-29 00:00:00") == nil)
        #expect(DIRACDateTime(parsing: "2023-02-29 00:00:00") == nil)
        #expect(DIRACDateTime(parsing: "2100-02-29 00:00:00") == nil)
        // The day after 28 February in a leap and a common year.
        #expect(DIRACDateTime(secondsSinceEpoch: DIRACDateTime(year: 2024, month: 2, day: 28).secondsSinceEpoch + 86_400).description
            == "2024-02-29 00:00:00")
        #expect(DIRACDateTime(secondsSinceEpoch: DIRACDateTime(year: 2023, month: 2, day: 28).secondsSinceEpoch + 86_400).description
            == "2023-03-01 00:00:00")
        #expect(DIRACDateTime(year: 2024, month: 12, day: 31).secondsSinceEpoch - DIRACDateTime(year: 2024, month: 1, day: 1).secondsSinceEpoch
            == 365 * 86_400)
    }

    @Test("Rucio-style timestamps: T separator, microseconds, Z or +00:00, UTC suffix; the fraction is dropped")
    func rucioStyle() throws {
        let expected = DIRACDateTime(year: 2025, month: 1, day: 1, hour: 12)
        #expect(DIRACDateTime(parsing: "2025-01-01T12:00:00.123456Z") == expected)
        #expect(DIRACDateTime(parsing: "2025-01-01T12:00:00.999999") == expected)
        #expect(DIRACDateTime(parsing: "2025-01-01T12:00:00Z") == expected)
        #expect(DIRACDateTime(parsing: "2025-01-01T12:00:00+00:00") == expected)
        #expect(DIRACDateTime(parsing: "2025-01-01 12:00:00 UTC") == expected)
        #expect(DIRACDateTime(parsing: "2025-01-01 12:00:00 GMT") == expected)
        #expect(try #require(DIRACDateTime(parsing: "2025-01-01T12:00:00.123456Z")).description == "2025-01-01 12:00:00")
    }

    @Test("refused spellings", arguments: [
        "", "2025-01-01", "2025-01-01 12:00", "2025-1-01 12:00:00", "2025/01/01 12:00:00", "2025-01-01X12:00:00",
        "2025-00-10 00:00:00", "2025-01-32 00:00:00", "2025-04-31 00:00:00", "2025-01-01 24:00:00",
        "2025-01-01 12:60:00", "2025-01-01 12:00:60", "2025-01-01 12:00:00+02:00", "2025-01-01 12:00:00 CET",
        "abcd-01-01 12:00:00", "2025-01-01 12:00:00junk", "+025-01-01 12:00:00",
    ])
    func refused(text: String) {
        #expect(DIRACDateTime(parsing: text) == nil)
    }

    @Test("parsing accepts substrings")
    func substrings() {
        let line = "CreationDate=2026-11-21 23:45:50;"
        let start = line.index(line.startIndex, offsetBy: 13)
        let end = line.index(start, offsetBy: 19)
        #expect(DIRACDateTime(parsing: line[start..<end])?.secondsSinceEpoch == 1_795_304_750)
    }

    @Test("ordering follows time")
    func ordering() {
        #expect(DIRACDateTime(secondsSinceEpoch: -1) < DIRACDateTime(secondsSinceEpoch: 0))
        #expect(DIRACDate(year: 2024, month: 12, day: 31) < DIRACDate(year: 2025, month: 1, day: 1))
        #expect(DIRACDate(year: 2025, month: 1, day: 2) > DIRACDate(year: 2025, month: 1, day: 1))
    }

    @Test("DIRACDate: YYYY-mm-dd both ways, invalid days refused")
    func dates() throws {
        #expect(DIRACDate(parsing: "2024-02-29") == DIRACDate(year: 2024, month: 2, day: 29))
        #expect(DIRACDate(year: 7, month: 3, day: 4).description == "0007-03-04")
        #expect(try #require(DIRACDate(parsing: "1999-12-31")).description == "1999-12-31")
        for text in ["2023-02-29", "2024-13-01", "2024-00-01", "2024-01-00", "2024-1-1", "2024-01-01 00:00:00", "", "20240101"] {
            #expect(DIRACDate(parsing: text) == nil, "\(text)")
        }
    }
}
