/// Values written as CEL literals, for `steward expr eval` and error messages:
/// `1`, `1u`, `1.5`, `"text"`, `b"\x00"`, `[1, 2]`, `{"k": true}`, `timestamp("...")`, `duration("90s")`.
extension ExprValue: CustomStringConvertible {
    /// The value as a CEL literal.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u) + "u"
        case .double(let d):
            if d.isNaN { return "double(\"NaN\")" }
            if d.isInfinite { return d < 0 ? "double(\"-Infinity\")" : "double(\"Infinity\")" }
            let text = DoubleText.format(d)
            return text.contains(where: { $0 == "." || $0 == "e" || $0 == "N" || $0 == "I" }) ? text : text + ".0"
        case .string(let s): return Self.quote(s)
        case .bytes(let b):
            var text = "b\""
            for byte in b {
                if byte >= 0x20, byte < 0x7F, byte != 0x22, byte != 0x5C {
                    text.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
                }
            }
            return text + "\""
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let map): return "{" + map.entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .timestamp(let t): return "timestamp(\"\(t.rfc3339)\")"
        case .duration(let d): return "duration(\"\(d.text)\")"
        }
    }

    static func quote(_ s: String) -> String {
        var text = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    text += "\\x" + (c.value < 16 ? "0" : "") + String(c.value, radix: 16)
                } else {
                    text.unicodeScalars.append(c)
                }
            }
        }
        return text + "\""
    }
}
