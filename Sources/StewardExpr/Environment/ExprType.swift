/// A static type, as declared for a rule site's variables and as the checker infers it.
public indirect enum ExprType: Sendable, Hashable, CustomStringConvertible {
    /// Any value: checked at run time. The type of open structures and of `dyn(x)`.
    case dyn
    /// The type of `null`.
    case null
    /// The scalar types, spelled as in CEL.
    case bool, int, uint, double, string, bytes, timestamp, duration
    /// A list whose elements have the given type.
    case list(ExprType)
    /// A map from keys of the first type to values of the second.
    case map(ExprType, ExprType)
    /// A type parameter such as `A` in `list(A)`; bound per call during checking.
    case typeParameter(String)

    /// A map with string keys and values of any type: the usual shape of a record such as `action`.
    public static let object = ExprType.map(.string, .dyn)

    /// How the language spells the type: `int`, `list(string)`, `map(string, dyn)`.
    public var description: String {
        switch self {
        case .dyn: "dyn"
        case .null: "null_type"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .timestamp: "timestamp"
        case .duration: "duration"
        case .list(let e): "list(\(e))"
        case .map(let k, let v): "map(\(k), \(v))"
        case .typeParameter(let name): name
        }
    }

    /// Parses the spelling `description` produces (also `google.protobuf.Timestamp`/`Duration`);
    /// any other single name is a type parameter. Nil when malformed.
    public init?(parsing text: String) {
        var parser = TypeTextParser(Array(text.unicodeScalars))
        guard let type = parser.parse(), parser.atEnd else { return nil }
        self = type
    }

    /// Whether values of this type can be map keys.
    var isKeyType: Bool {
        switch self {
        case .int, .uint, .bool, .string, .dyn, .typeParameter: true
        default: false
        }
    }
}

/// The small grammar of type spellings.
private struct TypeTextParser {
    let s: [Unicode.Scalar]
    var i = 0

    init(_ s: [Unicode.Scalar]) { self.s = s }

    var atEnd: Bool {
        mutating get {
            skipSpaces()
            return i == s.count
        }
    }

    mutating func skipSpaces() { while i < s.count, s[i] == " " { i += 1 } }

    mutating func word() -> String {
        skipSpaces()
        var w = String.UnicodeScalarView()
        while i < s.count, s[i].properties.isAlphabetic || s[i] == "_" || s[i] == "." || ("0"..."9").contains(s[i]) {
            w.append(s[i])
            i += 1
        }
        return String(w)
    }

    mutating func accept(_ c: Unicode.Scalar) -> Bool {
        skipSpaces()
        guard i < s.count, s[i] == c else { return false }
        i += 1
        return true
    }

    mutating func parse() -> ExprType? {
        let name = word()
        switch name {
        case "dyn", "any": return .dyn
        case "null_type", "null": return .null
        case "bool": return .bool
        case "int": return .int
        case "uint": return .uint
        case "double": return .double
        case "string": return .string
        case "bytes": return .bytes
        case "timestamp", "google.protobuf.Timestamp": return .timestamp
        case "duration", "google.protobuf.Duration": return .duration
        case "list":
            guard accept("("), let e = parse(), accept(")") else { return nil }
            return .list(e)
        case "map":
            guard accept("("), let k = parse(), accept(","), let v = parse(), accept(")") else { return nil }
            return .map(k, v)
        case "": return nil
        default: return .typeParameter(name)
        }
    }
}
