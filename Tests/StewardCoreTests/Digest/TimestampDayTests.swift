import Testing
import StewardCore

@Suite struct TimestampDayTests {
    @Test("a real day round-trips through its midnight", arguments: [
        "1970-01-01", "1969-12-31", "2000-02-29", "2024-02-29", "2026-03-14", "2026-12-31", "2100-02-28", "0001-01-01",
    ])
    func roundTrip(day: String) throws {
        let midnight = try #require(Timestamp.startOfUTCDay(day))
        #expect(midnight.utcDay == day)
        #expect(midnight.rfc3339 == "\(day)T00:00:00.000Z")
        #expect(midnight.adding(milliseconds: Timestamp.millisecondsPerDay - 1).utcDay == day)
        #expect(midnight.adding(milliseconds: -1).utcDay != day)
    }

    @Test func knownValues() throws {
        #expect(Timestamp.startOfUTCDay("1970-01-01") == Timestamp(millisecondsSinceEpoch: 0))
        #expect(Timestamp.startOfUTCDay("2026-03-14") == Timestamp(rfc3339: "2026-03-14T00:00:00Z"))
        #expect(Timestamp.startOfUTCDay("1969-12-31") == Timestamp(millisecondsSinceEpoch: -86_400_000))
        let lastMillisecond = try #require(Timestamp(rfc3339: "2026-03-14T23:59:59.999Z"))
        #expect(lastMillisecond.utcDay == "2026-03-14")
        #expect(lastMillisecond.adding(milliseconds: 1).utcDay == "2026-03-15")
        #expect(Timestamp(millisecondsSinceEpoch: -1).utcDay == "1969-12-31")
    }

    @Test func startOfDayOfATimestamp() throws {
        let noon = try #require(Timestamp(rfc3339: "2026-03-14T12:34:56.789Z"))
        #expect(noon.startOfUTCDay == Timestamp.startOfUTCDay("2026-03-14"))
        let beforeEpoch = try #require(Timestamp(rfc3339: "1969-12-31T23:00:00Z"))
        #expect(beforeEpoch.startOfUTCDay == Timestamp(millisecondsSinceEpoch: -86_400_000))
    }

    @Test("only strict YYYY-MM-DD naming a real date", arguments: [
        "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00", "2026-1-1", "2026-01-1",
        "26-01-01", "2026/01/01", "2026-01-01T00:00:00Z", " 2026-01-01", "2026-01-01 ", "", "+026-01-01", "2026-0a-01",
    ])
    func refuses(day: String) {
        #expect(Timestamp.startOfUTCDay(day) == nil)
    }
}
