/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
public enum CSVField {
    /// Appends `field` to `out`, quoted if it must be. With `neutralizingFormulas` (exports meant
    /// for a spreadsheet), text that a spreadsheet would run as a formula, starting with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return, gets a leading `'` (OWASP's advice); a number such as
    /// `-0.5` is left as it is. The ledger's export keeps every field exact, for verification.
    public static func append(_ field: String, into out: inout [UInt8], neutralizingFormulas: Bool = true) {
        let neutralize = neutralizingFormulas && isFormula(field)
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            if neutralize { out.append(UInt8(ascii: "'")) }
            out.append(contentsOf: field.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        if neutralize { out.append(UInt8(ascii: "'")) }
        for byte in field.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(UInt8(ascii: "\"")) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `field`, quoted if it must be (and neutralised as ``append(_:into:neutralizingFormulas:)`` says).
    public static func escape(_ field: String, neutralizingFormulas: Bool = true) -> String {
        var out: [UInt8] = []
        append(field, into: &out, neutralizingFormulas: neutralizingFormulas)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a spreadsheet would take `field` for a formula.
    static func isFormula(_ field: String) -> Bool {
        guard let first = field.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first)
        else { return false }
        return Double(field) == nil
    }
}
