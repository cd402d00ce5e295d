/// A node of the parsed expression, with the code-point offset that errors point at and its depth
/// (which the parser bounds, so nothing downstream can recurse without limit).
struct Node: Sendable {
    let offset: Int
    let depth: Int
    let kind: NodeKind

    init(_ kind: NodeKind, at offset: Int) {
        self.kind = kind
        self.offset = offset
        var deepest = 0
        kind.forEachChild { deepest = max(deepest, $0.depth) }
        depth = deepest + 1
    }
}

/// The syntactic forms of the language. Macros arrive already expanded into `presence` and
/// `comprehension`, so later stages never see `has(...)` or `.all(...)` as calls.
indirect enum NodeKind: Sendable {
    case literal(ExprValue)
    /// A name; `absolute` is the leading-dot form `.x`, which skips comprehension variables.
    case identifier(String, absolute: Bool)
    case select(Node, field: String)
    /// `has(operand.field)`.
    case presence(Node, field: String)
    case call(String, target: Node?, args: [Node])
    case index(Node, Node)
    case list([Node])
    case map([MapEntry])
    case unary(UnaryOperator, Node)
    case binary(BinaryOperator, Node, Node)
    /// `a && b && c`, kept flat: the operands are independent for error absorption anyway.
    case and([Node])
    case or([Node])
    case conditional(Node, Node, Node)
    case comprehension(Comprehension)

    func forEachChild(_ body: (Node) -> Void) {
        switch self {
        case .literal, .identifier: break
        case .select(let n, _), .presence(let n, _), .unary(_, let n): body(n)
        case .call(_, let target, let args):
            if let target { body(target) }
            args.forEach(body)
        case .index(let a, let b), .binary(_, let a, let b):
            body(a)
            body(b)
        case .list(let items), .and(let items), .or(let items): items.forEach(body)
        case .map(let entries):
            for e in entries {
                body(e.key)
                body(e.value)
            }
        case .conditional(let a, let b, let c):
            body(a)
            body(b)
            body(c)
        case .comprehension(let c):
            body(c.range)
            if let p = c.predicate { body(p) }
            if let t = c.transform { body(t) }
        }
    }
}

/// One `key: value` of a map literal.
struct MapEntry: Sendable {
    let key: Node
    let value: Node
}

/// `!` and unary `-`.
enum UnaryOperator: String, Sendable {
    case not = "!"
    case negate = "-"
}

/// The binary operators other than `&&` and `||`.
enum BinaryOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in` = "in"
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
}

/// An expanded macro: `range.all(x, p)`, `exists`, `exists_one`, `map(x, t)`, `map(x, p, t)`, `filter`.
struct Comprehension: Sendable {
    let kind: MacroKind
    let range: Node
    let variable: String
    let variableOffset: Int
    /// The condition of all/exists/exists_one/filter and of the 3-argument map.
    let predicate: Node?
    /// The result of map.
    let transform: Node?
}

/// The comprehension macros.
enum MacroKind: String, Sendable {
    case all, exists, existsOne = "exists_one", map, filter
}
