/// A value of the condition language: the CEL value kinds Steward supports.
///
/// `Equatable` here is structural (same kind, same payload), which is what tests want; the
/// language's own `==`, with `1 == 1u == 1.0`, is ``celEquals(_:)``.
public enum ExprValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A signed 64-bit integer; overflow is an error, never a wrap.
    case int(Int64)
    /// An unsigned 64-bit integer (`1u`).
    case uint(UInt64)
    /// An IEEE 754 double.
    case double(Double)
    /// A Unicode string; sizes and comparisons work on code points.
    case string(String)
    /// A byte sequence (`b"..."`).
    case bytes([UInt8])
    /// A list of values of any kinds.
    case list([ExprValue])
    /// A map with int, uint, bool or string keys.
    case map(ExprMap)
    /// A point in time between 0001-01-01 and 9999-12-31 UTC, to the nanosecond.
    case timestamp(ExprTimestamp)
    /// A signed span of time of at most 10,000 years, to the nanosecond.
    case duration(ExprDuration)

    /// The name of this value's type as the language spells it (`int`, `list`, `map`, ...).
    public var typeName: String {
        switch self {
        case .null: "null_type"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .list: "list"
        case .map: "map"
        case .timestamp: "timestamp"
        case .duration: "duration"
        }
    }

    /// The boolean payload, or nil for any other kind.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Builds a map value with string keys, the shape of most rule inputs.
    public static func object(_ fields: [String: ExprValue]) -> ExprValue {
        .map(ExprMap(stringKeys: fields))
    }
}

extension ExprValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral, ExpressibleByDictionaryLiteral
{
    /// An `int`.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A `double`.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A `string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A `bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A `list`.
    public init(arrayLiteral elements: ExprValue...) { self = .list(elements) }
    /// `null`.
    public init(nilLiteral: ()) { self = .null }
    /// A `map` with string keys; a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, ExprValue)...) {
        var fields: [String: ExprValue] = [:]
        for (key, value) in elements { fields[key] = value }
        self = .object(fields)
    }
}
