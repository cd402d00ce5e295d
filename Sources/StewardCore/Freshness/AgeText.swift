/// Ages and limits as a person says them (`45s`, `12m`, `2h`, `1h 30m`, `3d 4h`), in the units of
/// the `UseLastKnownGood<=6h` notation; rounded down, because "2h ago" must not overstate freshness.
enum AgeText {
    /// A duration given in milliseconds; negative durations read as zero.
    static func milliseconds(_ value: Int64) -> String { seconds(Swift.max(0, value) / 1000) }

    /// A duration given in seconds.
    static func seconds(_ value: Int64) -> String {
        let total = Swift.max(0, value)
        if total < 60 { return "\(total)s" }
        let minutes = total / 60
        if minutes < 60 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 24 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h \(minutes % 60)m" }
        let days = hours / 24
        return hours % 24 == 0 ? "\(days)d" : "\(days)d \(hours % 24)h"
    }

    /// A duration past `limit` (both in milliseconds) that would read as the limit itself once
    /// rounded reads "just over" it: "refreshed 30m ago, over its 30 min target" contradicted itself.
    static func milliseconds(_ value: Int64, pastLimit limit: Int64) -> String {
        let text = milliseconds(value)
        return value > limit && text == milliseconds(limit) ? "just over \(text)" : text
    }

    /// A duration given in (possibly fractional) minutes, as a ``FreshnessCheck`` holds it.
    static func minutes(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "\(value) min" }
        return milliseconds(Int64((value * 60_000).rounded()))
    }
}
