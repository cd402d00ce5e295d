/// The conformance corpus's typed JSON values (`{"int": "1"}`, `{"map": [[k, v], ...]}`, ...)
/// to and from ``ExprValue``, and the corpus's rule for judging a result.
public enum TypedValueCodec {
    /// Decodes a typed value; nil when malformed.
    public static func decode(_ json: JSON) -> ExprValue? {
        guard case .object(let members) = json, let (tag, payload) = members.first.map({ ($0.key, $0.value) }) else { return nil }
        switch (tag, payload) {
        case ("null", _): return .null
        case ("bool", .bool(let b)): return .bool(b)
        case ("int", .string(let s)), ("int", .number(let s)): return Int64(s).map(ExprValue.int)
        case ("uint", .string(let s)), ("uint", .number(let s)): return UInt64(s).map(ExprValue.uint)
        case ("double", .number(let s)): return Double(s).map(ExprValue.double)
        case ("double", .string(let s)):
            switch s {
            case "NaN": return .double(.nan)
            case "Infinity": return .double(.infinity)
            case "-Infinity": return .double(-.infinity)
            default: return Double(s).map(ExprValue.double)
            }
        case ("string", .string(let s)): return .string(s)
        case ("bytes", .string(let s)): return Base64.decode(s).map(ExprValue.bytes)
        case ("list", .array(let items)):
            var values: [ExprValue] = []
            for item in items {
                guard let v = decode(item) else { return nil }
                values.append(v)
            }
            return .list(values)
        case ("map", .array(let pairs)):
            var entries: [(key: ExprValue, value: ExprValue)] = []
            for pair in pairs {
                guard case .array(let kv) = pair, kv.count == 2, let k = decode(kv[0]), let v = decode(kv[1]) else { return nil }
                entries.append((k, v))
            }
            return (try? ExprMap(validating: entries)).map(ExprValue.map)
        case ("timestamp", .string(let s)):
            if case .success(let t) = ExprTimestamp.parse(s) { return .timestamp(t) }
            return nil
        case ("duration", .string(let s)):
            if case .success(let d) = ExprDuration.parse(s) { return .duration(d) }
            return nil
        default:
            return nil
        }
    }

    /// Encodes a value as typed JSON.
    public static func encode(_ value: ExprValue) -> JSON {
        switch value {
        case .null: return .object([("null", .null)])
        case .bool(let b): return .object([("bool", .bool(b))])
        case .int(let i): return .object([("int", .string(String(i)))])
        case .uint(let u): return .object([("uint", .string(String(u)))])
        case .double(let d):
            if d.isNaN { return .object([("double", .string("NaN"))]) }
            if d.isInfinite { return .object([("double", .string(d < 0 ? "-Infinity" : "Infinity"))]) }
            return .object([("double", .number(d.description))])
        case .string(let s): return .object([("string", .string(s))])
        case .bytes(let b): return .object([("bytes", .string(Base64.encode(b)))])
        case .list(let items): return .object([("list", .array(items.map(encode)))])
        case .map(let map): return .object([("map", .array(map.entries.map { .array([encode($0.key), encode($0.value)]) }))])
        case .timestamp(let t): return .object([("timestamp", .string(t.rfc3339))])
        case .duration(let d): return .object([("duration", .string(d.text))])
        }
    }

    /// The corpus's judgement: same kinds throughout (1, 1u and 1.0 differ), doubles equal
    /// numerically or both NaN, lists in order, maps in any order.
    public static func sameResult(_ expected: ExprValue, _ got: ExprValue) -> Bool {
        switch (expected, got) {
        case (.double(let a), .double(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { sameResult($0, $1) }
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            return a.entries.allSatisfy { e in
                b.entries.contains { sameResult(e.key, $0.key) && sameResult(e.value, $0.value) }
            }
        case (.list, _), (.map, _), (.double, _): return false
        default: return expected == got
        }
    }
}
