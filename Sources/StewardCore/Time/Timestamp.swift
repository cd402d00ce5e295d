/// A point in time with millisecond precision, in UTC.
///
/// Core code never reads a clock: timestamps are handed in by the caller (a ``WallClock`` in the
/// engine, a virtual clock in the simulator, a fixed one in tests).
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSinceEpoch: Int64

    /// A timestamp from milliseconds since the Unix epoch.
    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    /// A timestamp from (possibly fractional) seconds since the Unix epoch.
    public init(secondsSinceEpoch: Double) {
        millisecondsSinceEpoch = Int64((secondsSinceEpoch * 1000).rounded())
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.millisecondsSinceEpoch < b.millisecondsSinceEpoch }

    /// This timestamp moved by a number of milliseconds.
    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch &+ milliseconds)
    }

    /// This timestamp moved by a number of seconds.
    public func adding(seconds: Double) -> Timestamp {
        adding(milliseconds: Int64((seconds * 1000).rounded()))
    }

    /// Milliseconds from `other` to this timestamp.
    public func milliseconds(since other: Timestamp) -> Int64 { millisecondsSinceEpoch - other.millisecondsSinceEpoch }

    /// RFC 3339 in UTC with exactly three fractional digits, e.g. `2026-11-21T20:21:21.123Z`.
    public var description: String { rfc3339 }

    /// RFC 3339 in UTC with exactly three fractional digits: the one form the ledger hashes.
    public var rfc3339: String {
        // The usual years are written digit by digit: this runs for every entry and record stored.
        let usual = String(unsafeUninitializedCapacity: 24, initializingUTF8With: writeUsual)
        if !usual.isEmpty { return usual }
        let (y, m, d, h, mi, s, f) = parts
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(f, 3))Z"
    }

    /// Appends ``rfc3339``'s bytes to `out` without making a String.
    public func writeRFC3339(into out: inout [UInt8]) {
        let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            let count = writeUsual(buffer)
            out.append(contentsOf: buffer[..<count])
            return count
        }
        if written == 0 { out.append(contentsOf: rfc3339.utf8) }
    }

    /// The calendar fields in UTC: year, month, day, hour, minute, second, millisecond.
    private var parts: (Int64, Int64, Int64, Int64, Int64, Int64, Int64) {
        let ms = millisecondsSinceEpoch
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let msOfDay = ms - days * 86_400_000
        let (y, m, d) = CivilDate.fromDays(days)
        return (y, m, d, msOfDay / 3_600_000, (msOfDay / 60_000) % 60, (msOfDay / 1000) % 60, msOfDay % 1000)
    }

    /// Writes the 24 bytes of a year from 0 to 9999 into `buffer`; 0 (nothing written) for other years.
    private func writeUsual(_ buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let (y, m, d, h, mi, s, f) = parts
        guard (0...9999).contains(y), buffer.count >= 24 else { return 0 }
        var i = 0
        func put(_ value: Int64, _ width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                buffer[i] = UInt8(truncatingIfNeeded: 48 + rest / divisor)
                rest %= divisor
                divisor /= 10
                i += 1
            }
        }
        func mark(_ byte: UInt8) {
            buffer[i] = byte
            i += 1
        }
        put(y, 4); mark(UInt8(ascii: "-")); put(m, 2); mark(UInt8(ascii: "-")); put(d, 2); mark(UInt8(ascii: "T"))
        put(h, 2); mark(UInt8(ascii: ":")); put(mi, 2); mark(UInt8(ascii: ":")); put(s, 2); mark(UInt8(ascii: "."))
        put(f, 3); mark(UInt8(ascii: "Z"))
        return i
    }

    /// Parses RFC 3339 / ISO 8601 date-times such as `2026-11-21T20:21:21Z`,
    /// `2026-11-21T20:21:21.5+02:00`; fractions beyond milliseconds are truncated.
    public init?(rfc3339 text: String) {
        var parser = RFC3339Parser(text)
        guard let parsed = parser.parse() else { return nil }
        self = parsed
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an RFC 3339 date-time such as 2026-11-21T20:21:21Z")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}

private func pad(_ value: Int64, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days-from-civil algorithms).
enum CivilDate {
    static func fromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func toDays(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func daysInMonth(_ y: Int64, _ m: Int64) -> Int64 {
        switch m {
        case 2: (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A strict reader for `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
private struct RFC3339Parser {
    let bytes: [UInt8]
    var i = 0
    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func number(_ width: Int) -> Int64? {
        guard i + width <= bytes.count else { return nil }
        var value: Int64 = 0
        for _ in 0..<width {
            let c = bytes[i]
            guard c >= 48 && c <= 57 else { return nil }
            value = value * 10 + Int64(c - 48)
            i += 1
        }
        return value
    }

    mutating func expect(_ options: String) -> Bool {
        guard i < bytes.count, options.utf8.contains(bytes[i]) else { return false }
        i += 1
        return true
    }

    mutating func parse() -> Timestamp? {
        guard let y = number(4), expect("-"), let mo = number(2), expect("-"), let d = number(2),
            expect("Tt "), let h = number(2), expect(":"), let mi = number(2), expect(":"), let s = number(2)
        else { return nil }
        guard (1...12).contains(mo), d >= 1, d <= CivilDate.daysInMonth(y, mo), h < 24, mi < 60, s < 61 else {
            return nil
        }
        var millis: Int64 = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                if digits < 3 { millis = millis * 10 + Int64(bytes[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        var offsetMinutes: Int64 = 0
        if expect("Zz") {
        } else if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = number(2), expect(":"), let om = number(2), oh < 24, om < 60 else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            return nil
        }
        guard i == bytes.count else { return nil }
        let days = CivilDate.toDays(y, mo, d)
        let seconds = days * 86_400 + h * 3600 + mi * 60 + min(s, 59) - offsetMinutes * 60
        return Timestamp(millisecondsSinceEpoch: seconds * 1000 + millis)
    }
}
