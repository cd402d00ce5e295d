import Testing
import StewardCore

@Suite struct TimestampTests {
    @Test("parses RFC 3339 and prints one canonical form", arguments: [
        ("2026-11-21T20:21:21Z", "2026-11-21T20:21:21.000Z"),
        ("2026-11-21T20:21:21.5Z", "2026-11-21T20:21:21.500Z"),
        ("2026-11-21T20:21:21.123456789Z", "2026-11-21T20:21:21.123Z"),
        ("2026-11-21T22:21:21+02:00", "2026-11-21T20:21:21.000Z"),
        ("2024-02-29T00:00:00-00:30", "2024-02-29T00:30:00.000Z"),
        ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"),
    ])
    func roundTrip(input: String, canonical: String) throws {
        let ts = try #require(Timestamp(rfc3339: input))
        #expect(ts.rfc3339 == canonical)
        #expect(Timestamp(rfc3339: canonical) == ts)
    }

    @Test("refuses what is not a date-time", arguments: [
        "2026-11-21", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-21T24:00:00Z", "2026-11-21T20:21:21",
        "2026-11-21T20:21:21.Z", "2026-11-21T20:21:21Zjunk", "yesterday",
    ])
    func refuses(input: String) {
        #expect(Timestamp(rfc3339: input) == nil)
    }

    @Test func epochAndArithmetic() {
        let epoch = Timestamp(millisecondsSinceEpoch: 0)
        #expect(epoch.rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(epoch.adding(seconds: 1.5).millisecondsSinceEpoch == 1500)
        #expect(epoch.adding(seconds: 90).milliseconds(since: epoch) == 90_000)
    }

    @Test func theBytesWrittenAreTheStringForUsualAndUnusualYears() {
        let moments: [Int64] = [
            0, -1, 1, 999, 86_399_999, 1_764_000_000_123, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_000,
            -62_167_219_200_001, 4_102_444_800_000, Int64(1e15),
        ]
        #expect(Timestamp(millisecondsSinceEpoch: 253_402_300_800_000).rfc3339 == "10000-01-01T00:00:00.000Z")
        #expect(Timestamp(millisecondsSinceEpoch: 253_402_300_799_999).rfc3339 == "9999-12-31T23:59:59.999Z")
        for ms in moments {
            let moment = Timestamp(millisecondsSinceEpoch: ms)
            var out: [UInt8] = [UInt8(ascii: "x")]
            moment.writeRFC3339(into: &out)
            #expect(String(decoding: out, as: UTF8.self) == "x" + moment.rfc3339, "\(ms)")
        }
    }
}
