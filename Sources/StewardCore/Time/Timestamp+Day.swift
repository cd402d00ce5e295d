/// Whole UTC days, as the daily digest and daily budgets count them.
extension Timestamp {
    /// The milliseconds in one day; UTC has no daylight saving, and leap seconds are not counted.
    public static let millisecondsPerDay: Int64 = 86_400_000

    /// The UTC calendar day this timestamp falls on, as `YYYY-MM-DD`.
    public var utcDay: String {
        let (y, m, d) = CivilDate.fromDays(Self.dayNumber(millisecondsSinceEpoch))
        return "\(Self.digits(y, 4))-\(Self.digits(m, 2))-\(Self.digits(d, 2))"
    }

    /// Midnight UTC at the start of `day`, which must be exactly `YYYY-MM-DD` naming a real date
    /// (so `2026-02-29`, `2026-13-01` and `2026-1-1` give nil).
    public static func startOfUTCDay(_ day: String) -> Timestamp? {
        let bytes = Array(day.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let y = number(bytes[0..<4]), let m = number(bytes[5..<7]), let d = number(bytes[8..<10]),
            (1...12).contains(m), d >= 1, d <= CivilDate.daysInMonth(y, m)
        else { return nil }
        return Timestamp(millisecondsSinceEpoch: CivilDate.toDays(y, m, d) * millisecondsPerDay)
    }

    /// Midnight UTC at the start of the day this timestamp falls on.
    public var startOfUTCDay: Timestamp {
        Timestamp(millisecondsSinceEpoch: Self.dayNumber(millisecondsSinceEpoch) * Self.millisecondsPerDay)
    }

    /// Days since the epoch, rounding towards the past so that times before 1970 land on their own day.
    private static func dayNumber(_ ms: Int64) -> Int64 {
        ms >= 0 ? ms / millisecondsPerDay : (ms - (millisecondsPerDay - 1)) / millisecondsPerDay
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for c in bytes {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(c - UInt8(ascii: "0"))
        }
        return value
    }

    private static func digits(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
