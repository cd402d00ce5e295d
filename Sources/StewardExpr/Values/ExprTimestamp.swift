/// A point in time, 0001-01-01T00:00:00Z through 9999-12-31T23:59:59.999999999Z, as whole seconds
/// since the Unix epoch plus nanoseconds. Timestamps come from inputs only: nothing here reads a clock.
public struct ExprTimestamp: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z, rounded down.
    public let seconds: Int64
    /// Nanoseconds past `seconds`, 0 through 999,999,999.
    public let nanos: Int32

    /// The earliest second the language allows (0001-01-01T00:00:00Z).
    public static let minSeconds: Int64 = -62_135_596_800
    /// The last second the language allows (9999-12-31T23:59:59Z).
    public static let maxSeconds: Int64 = 253_402_300_799

    /// A timestamp, or nil when it falls outside the allowed years.
    public init?(seconds: Int64, nanos: Int32 = 0) {
        guard (0..<1_000_000_000).contains(nanos), (Self.minSeconds...Self.maxSeconds).contains(seconds) else { return nil }
        self.seconds = seconds
        self.nanos = nanos
    }

    /// A timestamp from nanoseconds since the epoch, or nil when out of range.
    init?(totalNanos: Int128) {
        let (q, r) = totalNanos.quotientAndRemainder(dividingBy: 1_000_000_000)
        let (s, n) = r < 0 ? (q - 1, r + 1_000_000_000) : (q, r)
        guard s >= Int128(Self.minSeconds), s <= Int128(Self.maxSeconds) else { return nil }
        self.init(seconds: Int64(s), nanos: Int32(n))
    }

    /// Nanoseconds since the epoch.
    var totalNanos: Int128 { Int128(seconds) * 1_000_000_000 + Int128(nanos) }

    /// Chronological order.
    public static func < (lhs: ExprTimestamp, rhs: ExprTimestamp) -> Bool {
        (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
    }

    /// RFC 3339 in UTC with as many fractional digits as needed (none, or up to 9).
    public var rfc3339: String {
        let days = CivilDate.floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let date = CivilDate(daysSinceEpoch: days)
        var text = CivilDate.pad(date.year, 4) + "-" + CivilDate.pad(date.month, 2) + "-" + CivilDate.pad(date.day, 2)
        text += "T" + CivilDate.pad(secondOfDay / 3600, 2) + ":" + CivilDate.pad(secondOfDay / 60 % 60, 2) + ":"
        text += CivilDate.pad(secondOfDay % 60, 2) + Fraction.text(nanos: Int64(nanos)) + "Z"
        return text
    }

    /// Parses RFC 3339 (`2009-02-13T23:31:30.123Z`, `...+01:00`); nil when malformed.
    /// A well-formed time outside the allowed years is reported apart, as a range error.
    static func parse(_ text: String) -> Result<ExprTimestamp, ExprError> {
        guard let parts = RFC3339Parts(text) else {
            return .failure(ExprError(code: .invalidArgument, message: "invalid timestamp '\(text)'",
                                      expected: "RFC 3339 such as '2009-02-13T23:31:30Z'"))
        }
        let days = CivilDate(year: parts.year, month: parts.month, day: parts.day).daysSinceEpoch
        let local = Int128(days) * 86_400 + Int128(parts.hour * 3600 + parts.minute * 60 + parts.second)
        let utc = (local - Int128(parts.offsetSeconds)) * 1_000_000_000 + Int128(parts.nanos)
        guard let stamp = ExprTimestamp(totalNanos: utc) else {
            return .failure(ExprError(code: .outOfRange, message: "timestamp '\(text)' out of range",
                                      expected: "a time between 0001-01-01 and 9999-12-31"))
        }
        return .success(stamp)
    }
}

/// The fields of an RFC 3339 date-time.
private struct RFC3339Parts {
    var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, nanos = 0, offsetSeconds = 0

    init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return nil }
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard (48...57).contains(b[i]) else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
              b[10] == 84 || b[10] == 116, let h = num(11, 2), b[13] == 58, let mi = num(14, 2), b[16] == 58,
              let s = num(17, 2) else { return nil }
        guard (1...12).contains(mo), d >= 1, d <= CivilDate.daysIn(month: mo, year: y), h < 24, mi < 60, s < 60 else { return nil }
        year = y; month = mo; day = d; hour = h; minute = mi; second = s
        var i = 19
        if i < b.count, b[i] == 46 {
            i += 1
            var digits = 0
            var frac = 0
            while i < b.count, (48...57).contains(b[i]) {
                guard digits < 9 else { return nil }
                frac = frac * 10 + Int(b[i] - 48)
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { frac *= 10 }
            nanos = frac
        }
        guard i < b.count else { return nil }
        if b[i] == 90 || b[i] == 122 {
            guard i + 1 == b.count else { return nil }
        } else if b[i] == 43 || b[i] == 45 {
            guard i + 6 == b.count, let oh = num(i + 1, 2), b[i + 3] == 58, let om = num(i + 4, 2), oh < 24, om < 60 else { return nil }
            offsetSeconds = (b[i] == 45 ? -1 : 1) * (oh * 3600 + om * 60)
        } else {
            return nil
        }
    }
}
