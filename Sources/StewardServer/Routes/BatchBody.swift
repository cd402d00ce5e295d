import Hummingbird
import StewardCore

/// A request body holding one JSON object, a JSON array of them, or NDJSON (one per line, blank
/// lines skipped), as `POST /v1/signals` and `POST /v1/executions` take.
enum BatchBody {
    /// The values in the body and whether it was a single object; any line that is not JSON
    /// refuses the whole body.
    static func parse(_ raw: [UInt8], ndjson: Bool) throws -> (values: [JSONValue], single: Bool) {
        if ndjson {
            var values: [JSONValue] = []
            for item in lines(raw) {
                switch item {
                case .success(let value): values.append(value)
                case .failure(let problem): throw Problem.malformed("\(problem.reason.prefix { $0 != ":" }) is not JSON", errors: [.init(field: problem.field, reason: problem.reason)])
                }
            }
            return (values, false)
        }
        let value: JSONValue
        do { value = try JSONReader.parse(raw, repeatedNames: .refused) } catch {
            throw Problem.unreadableBody(error)
        }
        if case .array(let items) = value { return (items, false) }
        return ([value], true)
    }

    /// Each non-blank NDJSON line: its value, or why it is not JSON (field `[n]`, n its index
    /// among the non-blank lines).
    static func lines(_ raw: [UInt8]) -> [Result<JSONValue, FieldProblem>] {
        lines(raw) { bytes, range throws(JSONReadError) in .success(try JSONReader.parse(bytes, in: range, repeatedNames: .refused)) }
    }

    /// Each non-blank NDJSON line as `read` reads it from its range of `raw`, or why it is not
    /// JSON (field `[n]`, n its index among the non-blank lines).
    static func lines<Item>(
        _ raw: [UInt8], read: ([UInt8], Range<Int>) throws(JSONReadError) -> Result<Item, FieldProblem>
    ) -> [Result<Item, FieldProblem>] {
        var items: [Result<Item, FieldProblem>] = []
        var line = 0
        for chunk in raw.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            defer { line += 1 }
            if chunk.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) { continue }
            do { items.append(try read(raw, chunk.indices)) } catch {
                let field = "[\(items.count)]" + (error.field.map { $0.hasPrefix("[") ? $0 : "." + $0 } ?? "")
                items.append(.failure(FieldProblem(field: field, reason: "line \(line + 1): \(error)")))
            }
        }
        return items
    }
    /// The byte ranges of a top-level JSON array's elements, found without reading them, so a
    /// batch whose one element is unreadable (a number out of range, a repeated field) can be read
    /// element by element; nil when the body is not an array with balanced brackets and strings.
    static func arrayElements(_ raw: [UInt8]) -> [Range<Int>]? {
        func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
        var i = 0
        while i < raw.count, isSpace(raw[i]) { i += 1 }
        guard i < raw.count, raw[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        var elements: [Range<Int>] = []
        var start: Int?
        var depth = 0
        var inString = false
        while i < raw.count {
            let b = raw[i]
            if inString {
                if b == UInt8(ascii: "\\") { i += 1 } else if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
                if start == nil { start = i }
            } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                depth += 1
                if start == nil { start = i }
            } else if (b == UInt8(ascii: "}") || b == UInt8(ascii: "]")) && depth > 0 {
                depth -= 1
            } else if depth == 0 && (b == UInt8(ascii: ",") || b == UInt8(ascii: "]")) {
                guard let first = start else {
                    // `[]` is an empty array; `[,` or `[1,,2]` are not JSON.
                    return b == UInt8(ascii: "]") && elements.isEmpty ? trailing(raw, after: i + 1, elements) : nil
                }
                var end = i
                while end > first, isSpace(raw[end - 1]) { end -= 1 }
                elements.append(first..<end)
                start = nil
                if b == UInt8(ascii: "]") { return trailing(raw, after: i + 1, elements) }
            } else if !isSpace(b), start == nil {
                start = i
            }
            i += 1
        }
        return nil
    }

    /// `elements` when only whitespace follows the array's closing bracket.
    private static func trailing(_ raw: [UInt8], after index: Int, _ elements: [Range<Int>]) -> [Range<Int>]? {
        raw[index...].allSatisfy { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 } ? elements : nil
    }
}
