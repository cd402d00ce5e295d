/// A recursive-descent parser with cel-spec's precedence, lowest first:
/// `?:` (right-associative) < `||` < `&&` < relations (`< <= >= > == != in`) < `+ -` < `* / %`
/// < unary `! -` < member access, index and call. Binary operators associate to the left.
struct Parser {
    /// A syntax error; the parser stops at the first one, since later ones are mostly echoes of it.
    struct Failure: Error {
        let offset: Int
        let error: ExprError
    }

    let tokens: [Token]
    var position = 0
    let maxDepth: Int
    var recursion = 0

    init(tokens: [Token], maxDepth: Int) {
        self.tokens = tokens
        self.maxDepth = maxDepth
    }

    var current: Token { tokens[position] }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    mutating func accept(_ p: Punct) -> Bool {
        guard current.kind == .punct(p) else { return false }
        advance()
        return true
    }

    mutating func expect(_ p: Punct, _ context: String) throws(Failure) {
        guard accept(p) else {
            throw fail(at: current.offset, "unexpected \(current.kind.display) \(context)", expected: "'\(p.rawValue)'")
        }
    }

    func fail(at offset: Int, _ message: String, expected: String? = nil) -> Failure {
        Failure(offset: offset, error: ExprError(code: .syntax, message: message, expected: expected))
    }

    /// Builds a node, refusing any that nests past the limit.
    func node(_ kind: NodeKind, at offset: Int) throws(Failure) -> Node {
        let n = Node(kind, at: offset)
        guard n.depth <= maxDepth else { throw tooDeep(offset) }
        return n
    }

    private func tooDeep(_ offset: Int) -> Failure {
        Failure(offset: offset, error: ExprError(code: .tooComplex, message: "expression nests more than \(maxDepth) levels deep",
                                                 expected: "a flatter expression (split it, or use in/macros instead of long chains)"))
    }

    /// Guards the parser's own recursion, which nested brackets or long `!!!` runs would drive.
    mutating func enter(_ offset: Int) throws(Failure) {
        recursion += 1
        guard recursion <= maxDepth else { throw tooDeep(offset) }
    }

    /// Parses the whole token stream as one expression.
    mutating func parseAll() throws(Failure) -> Node {
        let root = try parseExpr()
        guard current.kind == .eof else {
            throw fail(at: current.offset, "unexpected \(current.kind.display) after the end of the expression",
                       expected: "an operator or the end of the expression")
        }
        return root
    }

    mutating func parseExpr() throws(Failure) -> Node {
        try enter(current.offset)
        defer { recursion -= 1 }
        let condition = try parseOr()
        let offset = current.offset
        guard accept(.question) else { return condition }
        let whenTrue = try parseOr()
        try expect(.colon, "in a conditional")
        let whenFalse = try parseExpr()
        return try node(.conditional(condition, whenTrue, whenFalse), at: offset)
    }

    private mutating func parseOr() throws(Failure) -> Node {
        let first = try parseAnd()
        var terms = [first]
        var offset = first.offset
        while current.kind == .punct(.or) {
            if terms.count == 1 { offset = current.offset }
            advance()
            terms.append(try parseAnd())
        }
        return terms.count == 1 ? first : try node(.or(terms), at: offset)
    }

    private mutating func parseAnd() throws(Failure) -> Node {
        let first = try parseRelation()
        var terms = [first]
        var offset = first.offset
        while current.kind == .punct(.and) {
            if terms.count == 1 { offset = current.offset }
            advance()
            terms.append(try parseRelation())
        }
        return terms.count == 1 ? first : try node(.and(terms), at: offset)
    }

    private mutating func parseRelation() throws(Failure) -> Node {
        var lhs = try parseAddition()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .punct(.equal): op = .equal
            case .punct(.notEqual): op = .notEqual
            case .punct(.less): op = .less
            case .punct(.lessEqual): op = .lessEqual
            case .punct(.greater): op = .greater
            case .punct(.greaterEqual): op = .greaterEqual
            case .inKeyword: op = .in
            default: return lhs
            }
            let offset = current.offset
            advance()
            lhs = try node(.binary(op, lhs, try parseAddition()), at: offset)
        }
    }

    private mutating func parseAddition() throws(Failure) -> Node {
        var lhs = try parseMultiplication()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .punct(.plus): op = .add
            case .punct(.minus): op = .subtract
            default: return lhs
            }
            let offset = current.offset
            advance()
            lhs = try node(.binary(op, lhs, try parseMultiplication()), at: offset)
        }
    }

    private mutating func parseMultiplication() throws(Failure) -> Node {
        var lhs = try parseUnary()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .punct(.star): op = .multiply
            case .punct(.slash): op = .divide
            case .punct(.percent): op = .modulo
            default: return lhs
            }
            let offset = current.offset
            advance()
            lhs = try node(.binary(op, lhs, try parseUnary()), at: offset)
        }
    }

    private mutating func parseUnary() throws(Failure) -> Node {
        let offset = current.offset
        if accept(.bang) {
            try enter(offset)
            defer { recursion -= 1 }
            return try node(.unary(.not, try parseUnary()), at: offset)
        }
        if current.kind == .punct(.minus) {
            advance()
            // `-` straight before a number literal is part of the literal (so -9223372036854775808 works).
            switch current.kind {
            case .int(let magnitude):
                advance()
                guard magnitude <= UInt64(Int64.max) + 1 else {
                    throw fail(at: offset, "integer literal out of range", expected: "at least -9223372036854775808")
                }
                let value = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
                return try parsePostfix(try node(.literal(.int(value)), at: offset))
            case .double(let d):
                advance()
                return try parsePostfix(try node(.literal(.double(-d)), at: offset))
            default:
                try enter(offset)
                defer { recursion -= 1 }
                return try node(.unary(.negate, try parseUnary()), at: offset)
            }
        }
        return try parsePostfix(try parsePrimary())
    }
}
