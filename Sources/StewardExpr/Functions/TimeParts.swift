/// The getters of timestamps and durations. A timestamp getter may name a fixed time zone:
/// `'UTC'`, `'+11:00'`, `'-02:30'` (or `'02:00'`, read as east of UTC). IANA names such as
/// `'America/New_York'` are refused: the language reads no time-zone database.
enum TimeParts {
    static func timeZoneOffset(_ zone: String) throws(Fault) -> Int64 {
        if zone == "UTC" || zone == "Z" || zone == "utc" { return 0 }
        var b = Array(zone.utf8)[...]
        var sign: Int64 = 1
        if let first = b.first, first == 43 || first == 45 {
            sign = first == 45 ? -1 : 1
            b = b.dropFirst()
        }
        let digits = b.map { Int64($0) - 48 }
        guard b.count == 5, b[b.startIndex + 2] == 58,
              [0, 1, 3, 4].allSatisfy({ (0...9).contains(digits[$0]) }) else {
            throw Fault(.invalidArgument, "unsupported time zone '\(zone)'", expected: "'UTC' or a fixed offset such as '+11:00' or '-02:30'")
        }
        let hours = digits[0] * 10 + digits[1], minutes = digits[3] * 10 + digits[4]
        guard hours < 24, minutes < 60 else {
            throw Fault(.invalidArgument, "invalid time-zone offset '\(zone)'", expected: "hours below 24 and minutes below 60")
        }
        return sign * (hours * 3600 + minutes * 60)
    }

    static func timestampPart(_ getter: Builtin, _ t: ExprTimestamp, zone: String?) throws(Fault) -> ExprValue {
        let offset = try zone.map { z throws(Fault) in try timeZoneOffset(z) } ?? 0
        let local = t.seconds + offset
        let days = CivilDate.floorDiv(local, 86_400)
        let secondOfDay = local - days * 86_400
        let date = CivilDate(daysSinceEpoch: days)
        switch getter {
        case .getFullYear: return .int(date.year)
        case .getMonth: return .int(date.month - 1)
        case .getDate: return .int(date.day)
        case .getDayOfMonth: return .int(date.day - 1)
        case .getDayOfYear: return .int(date.dayOfYear)
        case .getDayOfWeek: return .int(((days % 7) + 11) % 7)
        case .getHours: return .int(secondOfDay / 3600)
        case .getMinutes: return .int(secondOfDay / 60 % 60)
        case .getSeconds: return .int(secondOfDay % 60)
        case .getMilliseconds: return .int(Int64(t.nanos) / 1_000_000)
        default: throw Fault.noOverload("\(getter.rawValue)()", .timestamp(t))
        }
    }

    /// Duration getters return the whole span in the unit (`duration('3730s').getSeconds() == 3730`).
    static func durationPart(_ getter: Builtin, _ d: ExprDuration) throws(Fault) -> ExprValue {
        let n = d.totalNanos
        let divisor: Int128
        switch getter {
        case .getHours: divisor = 3_600_000_000_000
        case .getMinutes: divisor = 60_000_000_000
        case .getSeconds: divisor = 1_000_000_000
        case .getMilliseconds: divisor = 1_000_000
        default: throw Fault.noOverload("\(getter.rawValue)()", .duration(d))
        }
        return .int(Int64(n / divisor))
    }
}
