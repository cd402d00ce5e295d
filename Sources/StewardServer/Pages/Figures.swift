/// Numbers written for people, quickly: the fleet page writes thousands of them per request, and
/// `String(format:)` is slow on Linux.
enum Figures {
    /// `0.973` → `97.3%`.
    static func percent(_ fraction: Double) -> String { fixed(fraction * 100, decimals: 1) + "%" }

    /// A number with a fixed count of decimals (0 to 3), rounded half away from zero.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        let scale = [1.0, 10, 100, 1000][min(max(decimals, 0), 3)]
        let scaled = Int64((abs(value) * scale).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        let whole = scaled / Int64(scale)
        guard decimals > 0 else { return sign + String(whole) }
        let fraction = String(scaled % Int64(scale))
        return sign + String(whole) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
