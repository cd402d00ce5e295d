/// Doubles as `string(x)` writes them: Go's `%g` with the shortest digits that round-trip
/// (cel-go's rule): `123.456`, `1e+06`, `1.5e-07`, `NaN`, `+Inf`.
enum DoubleText {
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0" }
        var (digits, point) = shortestDigits(abs(value))
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let exponent = point - 1
        if exponent < -4 || exponent >= 6 {
            var text = String(digits.first ?? "0")
            if digits.count > 1 { text += "." + digits.dropFirst() }
            let e = abs(exponent)
            return sign + text + "e" + (exponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + String(e)
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
        if digits.count <= point { return sign + digits + String(repeating: "0", count: point - digits.count) }
        return sign + digits.prefix(point) + "." + digits.dropFirst(point)
    }

    /// The shortest round-trip decimal digits of a positive double and the position of the decimal
    /// point (value = 0.d1d2... × 10^point), taken from Swift's own shortest representation.
    static func shortestDigits(_ value: Double) -> (digits: String, point: Int) {
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? ""
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent
        while digits.first == "0", digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        return (digits, point)
    }
}
