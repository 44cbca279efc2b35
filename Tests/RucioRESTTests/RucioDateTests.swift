import Foundation
import RucioREST
import Testing

@Suite("Rucio's RFC 1123 dates")
struct RucioDateTests {
    @Test("X-Rucio-Auth-Token-Expires text parses to the instant it names, UTC or GMT")
    func parse() throws {
        let date = try #require(RucioDate.parse("Sun, 22 Nov 2026 01:39:13 UTC"))
        #expect(date.timeIntervalSince1970 == 1_795_311_553)
        #expect(RucioDate.parse("Sun, 22 Nov 2026 01:39:13 GMT") == date)
        #expect(RucioDate.parse("Thu, 01 Jan 1970 00:00:00 UTC")?.timeIntervalSince1970 == 0)
        #expect(RucioDate.parse("Tue, 29 Feb 2028 23:59:59 UTC")?.timeIntervalSince1970 == 1_835_481_599)
    }

    @Test("malformed dates give nil, not a wrong instant")
    func malformed() {
        for text in ["", "22 Nov 2026 01:39:13 UTC", "Sun, 22 Foo 2026 01:39:13 UTC", "Sun, 22 Nov 2026 25:00:00 UTC",
            "Sun, 22 Nov 2026 01:39 UTC", "Sun, 22 Nov 2026 01:39:13 CET"]
        {
            #expect(RucioDate.parse(text) == nil, "\(text)")
        }
    }

    @Test("formatting writes Rucio's layout with the right weekday and round-trips")
    func format() throws {
        #expect(RucioDate.format(Date(timeIntervalSince1970: 1_795_311_553)) == "Sun, 22 Nov 2026 01:39:13 UTC")
        #expect(RucioDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 UTC")
        for seconds in stride(from: 0.0, to: 4e9, by: 123_456_789.0) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RucioDate.parse(RucioDate.format(date)) == date)
        }
    }
}
