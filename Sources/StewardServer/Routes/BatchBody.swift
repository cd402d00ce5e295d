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
}
