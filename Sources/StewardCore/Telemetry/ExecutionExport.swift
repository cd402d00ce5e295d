/// Stored execution records written out: NDJSON (the stored canonical JSON, one per line, which
/// re-ingests unchanged) or CSV (one column per field of ``SkillExecution/fieldNames``).
public enum ExecutionExport {
    /// The formats.
    public enum Format: String, Sendable, CaseIterable {
        case ndjson, csv

        /// The HTTP content type.
        public var contentType: String { self == .ndjson ? "application/x-ndjson" : "text/csv; charset=utf-8" }
    }

    /// The CSV header line.
    public static var csvHeader: [UInt8] { Array((SkillExecution.fieldNames.joined(separator: ",") + "\r\n").utf8) }

    /// Appends one stored record (its canonical JSON) in `format`.
    public static func append(body: String, format: Format, into out: inout [UInt8]) {
        switch format {
        case .ndjson:
            out.append(contentsOf: body.utf8)
            out.append(10)
        case .csv:
            guard case .object(let fields)? = try? JSONReader.parse(body) else { return }
            for (offset, name) in SkillExecution.fieldNames.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                switch fields[name] {
                case .string(let text)?: CSVField.append(text, into: &out)
                case .bool(let flag)?: out.append(contentsOf: (flag ? "true" : "false").utf8)
                case .int, .double: if let value = fields[name], let text = try? CanonicalJSON.string(value) { out.append(contentsOf: text.utf8) }
                default: break
                }
            }
            out.append(contentsOf: "\r\n".utf8)
        }
    }
}
