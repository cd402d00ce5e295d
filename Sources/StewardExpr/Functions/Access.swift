/// Field selection, `has()`, indexing and `in`.
enum Access {
    static func select(_ base: ExprValue, _ field: String) throws(Fault) -> ExprValue {
        guard case .map(let map) = base else {
            throw Fault(.noMatchingOverload, "type '\(base.typeName)' has no fields (selecting '\(field)')", expected: "a map")
        }
        guard let value = map.value(forField: field) else {
            throw Fault(.noSuchKey, "no such key: '\(field)'", expected: "one of the map's keys, or has(m.\(field)) to test first")
        }
        return value
    }

    static func has(_ base: ExprValue, _ field: String) throws(Fault) -> ExprValue {
        guard case .map(let map) = base else {
            throw Fault(.noMatchingOverload, "has() on type '\(base.typeName)' (field '\(field)')", expected: "a map")
        }
        return .bool(map.value(forField: field) != nil)
    }

    static func index(_ base: ExprValue, _ key: ExprValue) throws(Fault) -> ExprValue {
        switch base {
        case .list(let items):
            let position: Int64
            switch key {
            case .int(let i): position = i
            case .uint(let u) where u <= UInt64(Int64.max): position = Int64(u)
            case .double(let d) where IntegralDouble.int64(d) != nil: position = Int64(d)
            default:
                throw Fault(.invalidArgument, "invalid list index \(key) of type \(key.typeName)", expected: "an integer index")
            }
            guard position >= 0, position < items.count else {
                throw Fault(.invalidArgument, "index \(position) out of range for a list of \(items.count)", expected: "an index from 0 to \(items.count - 1)")
            }
            return items[Int(position)]
        case .map(let map):
            guard MapKey(lookup: key) != nil || isKeyKind(key) else {
                throw Fault(.noSuchKey, "no such key: \(key) (a \(key.typeName) cannot be a map key)", expected: "an int, uint, bool or string key")
            }
            guard let value = map[key] else {
                throw Fault(.noSuchKey, "no such key: \(key)", expected: "one of the map's keys, or 'key in m' to test first")
            }
            return value
        default:
            throw Fault.noOverload("'[]'", base, key)
        }
    }

    private static func isKeyKind(_ value: ExprValue) -> Bool {
        switch value {
        case .int, .uint, .bool, .string, .double: true
        default: false
        }
    }

    /// `element in container`: list membership by the language's equality, or map key presence.
    static func contains(_ container: ExprValue, _ element: ExprValue) throws(Fault) -> Bool {
        switch container {
        case .list(let items): return items.contains { Equality.equals($0, element) }
        case .map(let map): return map[element] != nil
        default: throw Fault.noOverload("'in'", element, container)
        }
    }
}
