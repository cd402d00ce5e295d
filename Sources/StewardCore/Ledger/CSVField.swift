/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
public enum CSVField {
    /// Appends `field` to `out`, quoted if it must be. With `neutralizingFormulas` (exports meant
    /// for a spreadsheet), text that a spreadsheet would run as a formula, starting with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return, gets a leading `'` (OWASP's advice); a number such as
    /// `-0.5` is left as it is. The ledger's export keeps every field exact, for verification.
    public static func append(_ field: String, into out: inout [UInt8], neutralizingFormulas: Bool = true) {
        let neutralize = neutralizingFormulas && isFormula(field)
        var field = field
        field.withUTF8 { bytes in append(bytes: bytes, into: &out, prefix: neutralize ? UInt8(ascii: "'") : nil) }
    }

    /// Appends UTF-8 `bytes` as one field, quoted if they must be, exactly as they are (no formula
    /// neutralising): for text already held as bytes, such as a ledger entry's canonical payload.
    public static func append(bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        append(bytes: bytes, into: &out, prefix: nil)
    }

    private static func append(bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8], prefix: UInt8?) {
        let quote = UInt8(ascii: "\"")
        let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == quote || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            if let prefix { out.append(prefix) }
            out.append(contentsOf: bytes)
            return
        }
        out.append(quote)
        if let prefix { out.append(prefix) }
        // Runs between quotes are copied whole; each quote is written twice.
        var run = 0
        for index in 0..<bytes.count where bytes[index] == quote {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...index]))
            out.append(quote)
            run = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        out.append(quote)
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
