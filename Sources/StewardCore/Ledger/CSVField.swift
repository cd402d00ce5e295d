/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
public enum CSVField {
    /// Appends `field` to `out`, quoted if it must be.
    public static func append(_ field: String, into out: inout [UInt8]) {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { out.append(contentsOf: field.utf8); return }
        out.append(UInt8(ascii: "\""))
        for byte in field.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(UInt8(ascii: "\"")) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `field`, quoted if it must be.
    public static func escape(_ field: String) -> String {
        var out: [UInt8] = []
        append(field, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
