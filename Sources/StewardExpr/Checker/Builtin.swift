/// The functions of the language, with the overloads the checker accepts.
enum Builtin: String, Sendable, CaseIterable {
    case size, contains, startsWith, endsWith, matches
    case toInt = "int", toUInt = "uint", toDouble = "double", toString = "string", toBytes = "bytes", toBool = "bool"
    case dyn, toDuration = "duration", toTimestamp = "timestamp"
    case getFullYear, getMonth, getDate, getDayOfMonth, getDayOfWeek, getDayOfYear
    case getHours, getMinutes, getSeconds, getMilliseconds

    /// One overload: parameter types (a method's receiver first) and the result type.
    struct Signature: Sendable {
        let params: [ExprType]
        let result: ExprType

        init(_ params: [ExprType], _ result: ExprType) {
            self.params = params
            self.result = result
        }
    }

    private static let a = ExprType.typeParameter("A")
    private static let b = ExprType.typeParameter("B")

    /// Overloads when called as `f(x, ...)`.
    var globalSignatures: [Signature] {
        switch self {
        case .size: [.init([.string], .int), .init([.bytes], .int), .init([.list(Self.a)], .int), .init([.map(Self.a, Self.b)], .int)]
        case .matches: [.init([.string, .string], .bool)]
        case .toInt: [.int, .uint, .double, .string, .timestamp, .duration].map { .init([$0], .int) }
        case .toUInt: [.int, .uint, .double, .string].map { .init([$0], .uint) }
        case .toDouble: [.int, .uint, .double, .string].map { .init([$0], .double) }
        case .toString: [.int, .uint, .double, .string, .bytes, .bool, .timestamp, .duration].map { .init([$0], .string) }
        case .toBytes: [.bytes, .string].map { .init([$0], .bytes) }
        case .toBool: [.bool, .string].map { .init([$0], .bool) }
        case .dyn: [.init([Self.a], .dyn)]
        case .toDuration: [.string, .duration, .int].map { .init([$0], .duration) }
        case .toTimestamp: [.string, .int, .timestamp].map { .init([$0], .timestamp) }
        default: []
        }
    }

    /// Overloads when called as `x.f(...)`, receiver first.
    var memberSignatures: [Signature] {
        switch self {
        case .size: globalSignatures
        case .contains, .startsWith, .endsWith, .matches: [.init([.string, .string], .bool)]
        case .getFullYear, .getMonth, .getDate, .getDayOfMonth, .getDayOfWeek, .getDayOfYear:
            [.init([.timestamp], .int), .init([.timestamp, .string], .int)]
        case .getHours, .getMinutes, .getSeconds, .getMilliseconds:
            [.init([.timestamp], .int), .init([.timestamp, .string], .int), .init([.duration], .int)]
        default: []
        }
    }

    /// Overloads of the binary operators (operands left, right).
    static func signatures(of op: BinaryOperator) -> [Signature] {
        let numeric: [ExprType] = [.int, .uint, .double]
        switch op {
        case .add:
            return numeric.map { .init([$0, $0], $0) } + [
                .init([.string, .string], .string), .init([.bytes, .bytes], .bytes), .init([.list(a), .list(a)], .list(a)),
                .init([.timestamp, .duration], .timestamp), .init([.duration, .timestamp], .timestamp),
                .init([.duration, .duration], .duration),
            ]
        case .subtract:
            return numeric.map { .init([$0, $0], $0) } + [
                .init([.timestamp, .timestamp], .duration), .init([.timestamp, .duration], .timestamp),
                .init([.duration, .duration], .duration),
            ]
        case .multiply, .divide: return numeric.map { .init([$0, $0], $0) }
        case .modulo: return [.int, .uint].map { .init([$0, $0], $0) }
        case .equal, .notEqual: return [.init([a, a], .bool)]
        case .in: return [.init([a, .list(a)], .bool), .init([a, .map(a, b)], .bool)]
        case .less, .lessEqual, .greater, .greaterEqual:
            let same: [ExprType] = [.int, .uint, .double, .string, .bytes, .bool, .timestamp, .duration]
            var all = same.map { Signature([$0, $0], .bool) }
            for l in numeric { for r in numeric where l != r { all.append(.init([l, r], .bool)) } }
            return all
        }
    }
}
