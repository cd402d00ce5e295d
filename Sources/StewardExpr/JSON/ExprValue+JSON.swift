extension ExprValue {
    /// A value from plain JSON, as rule inputs arrive: numbers without a fraction or exponent
    /// become int (double when beyond 64 bits), other numbers double; objects become maps with
    /// string keys (a repeated key keeps the last value); arrays become lists.
    public init(json: JSON) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let text):
            if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let i = Int64(text) {
                self = .int(i)
            } else {
                self = .double(Double(text) ?? .nan)
            }
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(ExprValue.init(json:)))
        case .object(let members):
            var seen: [String: Int] = [:]
            var pairs: [(key: ExprValue, value: ExprValue)] = []
            for (key, value) in members {
                if let at = seen[key] {
                    pairs[at].value = ExprValue(json: value)
                } else {
                    seen[key] = pairs.count
                    pairs.append((.string(key), ExprValue(json: value)))
                }
            }
            // Distinct string keys always make a valid map.
            self = (try? ExprMap(validating: pairs)).map(ExprValue.map) ?? .null
        }
    }
}
