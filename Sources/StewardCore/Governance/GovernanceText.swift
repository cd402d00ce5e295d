/// Figures as governance sentences print them, so every report and explanation reads alike:
/// percentages with two decimals, counts with thousands separators, dates as UTC days.
enum GovernanceText {
    /// A rate as a percentage with two decimals: 0.99623 → "99.62%".
    static func percent(_ rate: Double) -> String {
        guard rate.isFinite, abs(rate) < 1e12 else { return "n/a" }
        let basisPoints = Int64((rate * 10_000).rounded())
        let magnitude = basisPoints.magnitude
        let fraction = magnitude % 100
        let sign = basisPoints < 0 ? "-" : ""
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)%"
    }

    /// A count with thousands separators: 4210 → "4,210".
    static func count(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// A number of minutes with at most one decimal and its unit: "12 minutes", "1 minute", "2.5 minutes".
    static func minutes(_ value: Double) -> String {
        let text = PlainNumber.format(value, places: 1)
        return text == "1" ? "1 minute" : "\(text) minutes"
    }

    /// A noun with its count: "1 execution", "4,210 executions".
    static func plural(_ value: Int, _ noun: String) -> String {
        "\(count(value)) \(noun)\(value == 1 ? "" : "s")"
    }

    /// Whole days from `earlier` to `later`, rounded down; negative spans read as 0.
    static func days(from earlier: Timestamp, to later: Timestamp) -> Int {
        Int(max(0, later.milliseconds(since: earlier)) / 86_400_000)
    }

    /// Text safe inside HTML elements and quoted attributes.
    static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Free text for Markdown: on one line, so it cannot end a list item or table row early; `<` and
    /// `&` as entities, since renderers pass raw HTML through (`>` alone opens no tag, and "<2%"
    /// reads better left alone); pipes escaped for tables.
    static func markdown(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case "&": out += "&amp;"
            case "|": out += "\\|"
            case _ where character.isNewline: out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
