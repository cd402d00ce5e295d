/// Percentages as telemetry reports them.
///
/// `part / whole * 100` carries binary noise (11 of 20 is 55.00000000000001): the share is
/// computed as one division, `part * 100 / whole`, which is exact whenever the percentage is a
/// short decimal, and an answer shows it to two decimals. Decisions (levels, alerts) use the
/// unrounded value, so 80.004% is still above 80%.
public enum Percent {
    /// How many decimals an answer shows.
    public static let decimals = 2

    /// `part` as a percentage of `whole` (100 when `whole` is not positive).
    public static func of(_ part: Int64, in whole: Int64) -> Double {
        whole > 0 ? Double(part) * 100 / Double(whole) : 100
    }

    /// `value` in a sentence: two decimals at most, so 80.01 is not written as the 80 it passed
    /// (`80.01`, `80`, `95.5`).
    public static func text(_ value: Double) -> String { PlainNumber.format(value, places: decimals) }

    /// `value` as an answer shows it: rounded to two decimals (55.00000000000001 → 55, 33.3333 → 33.33).
    public static func reported(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return (value * 100).rounded() / 100
    }
}
