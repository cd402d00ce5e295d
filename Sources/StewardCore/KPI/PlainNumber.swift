/// Numbers as plain decimal text for CSV cells and reason sentences: no exponent, no grouping,
/// no trailing ".0", so spreadsheets and people read them the same way.
public enum PlainNumber {
    /// `value` in plain decimal, with the fewest digits that read back as the same Double (or as
    /// the value rounded to `places` decimals); "" for NaN and infinities, "0" for −0.
    public static func format(_ value: Double, places: Int? = nil) -> String {
        guard value.isFinite else { return "" }
        var value = value
        if let places, places >= 0 {
            var scale = 1.0
            for _ in 0..<places { scale *= 10 }
            let rounded = (value * scale).rounded() / scale
            // Huge values overflow when scaled; they have no fraction to round anyway.
            if rounded.isFinite { value = rounded }
        }
        guard value != 0 else { return "0" }
        return expanded(value.description)
    }

    /// Rewrites Swift's shortest round-trip form, which switches to an exponent below 1e-4 and
    /// from 1e16 (`1e-05`, `1.5e+16`), as a plain decimal with the same digits.
    private static func expanded(_ description: String) -> String {
        var text = Substring(description)
        let negative = text.first == "-"
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? ""
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let digits = Array(whole + fraction)
        let point = whole.count + exponent
        var integerPart: String
        var fractionPart: String
        if point <= 0 {
            integerPart = "0"
            fractionPart = String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            integerPart = String(digits) + String(repeating: "0", count: point - digits.count)
            fractionPart = ""
        } else {
            integerPart = String(digits[..<point])
            fractionPart = String(digits[point...])
        }
        while integerPart.count > 1, integerPart.first == "0" { integerPart.removeFirst() }
        while fractionPart.last == "0" { fractionPart.removeLast() }
        let body = fractionPart.isEmpty ? integerPart : integerPart + "." + fractionPart
        return negative ? "-" + body : body
    }
}
