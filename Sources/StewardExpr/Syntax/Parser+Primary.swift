/// Operands, member access, calls, literals of lists and maps, and macro expansion.
extension Parser {
    mutating func parsePostfix(_ start: Node) throws(Failure) -> Node {
        var base = start
        while true {
            let offset = current.offset
            if accept(.dot) {
                let name: String
                var quoted = false
                switch current.kind {
                case .identifier(let n), .reserved(let n): name = n
                case .quotedIdentifier(let n):
                    name = n
                    quoted = true
                default:
                    throw fail(at: current.offset, "unexpected \(current.kind.display) after '.'", expected: "a field or method name")
                }
                let nameOffset = current.offset
                advance()
                if !quoted, current.kind == .punct(.lparen) {
                    if case .reserved = tokens[position - 1].kind {
                        throw fail(at: nameOffset, "reserved word '\(name)' cannot name a function", expected: "a method name")
                    }
                    advance()
                    let args = try parseArguments()
                    base = try call(name, target: base, args: args, at: nameOffset)
                } else {
                    base = try node(.select(base, field: name), at: nameOffset)
                }
            } else if accept(.lbracket) {
                let index = try parseExpr()
                try expect(.rbracket, "in an index")
                base = try node(.index(base, index), at: offset)
            } else {
                return base
            }
        }
    }

    mutating func parsePrimary() throws(Failure) -> Node {
        let token = current
        let offset = token.offset
        switch token.kind {
        case .int(let magnitude):
            advance()
            guard magnitude <= UInt64(Int64.max) else {
                throw fail(at: offset, "integer literal out of range", expected: "at most 9223372036854775807 (or a uint such as 9223372036854775808u)")
            }
            return try node(.literal(.int(Int64(magnitude))), at: offset)
        case .uint(let u): advance(); return try node(.literal(.uint(u)), at: offset)
        case .double(let d): advance(); return try node(.literal(.double(d)), at: offset)
        case .string(let s): advance(); return try node(.literal(.string(s)), at: offset)
        case .bytes(let b): advance(); return try node(.literal(.bytes(b)), at: offset)
        case .trueLiteral: advance(); return try node(.literal(.bool(true)), at: offset)
        case .falseLiteral: advance(); return try node(.literal(.bool(false)), at: offset)
        case .nullLiteral: advance(); return try node(.literal(.null), at: offset)
        case .identifier(let name):
            advance()
            return try identifierOrCall(name, absolute: false, at: offset)
        case .punct(.dot):
            advance()
            guard case .identifier(let name) = current.kind else {
                throw fail(at: current.offset, "unexpected \(current.kind.display) after a leading '.'", expected: "an identifier")
            }
            advance()
            return try identifierOrCall(name, absolute: true, at: offset)
        case .reserved(let word):
            throw fail(at: offset, "reserved word '\(word)' cannot be used as an identifier", expected: "another name")
        case .punct(.lparen):
            advance()
            let inner = try parseExpr()
            try expect(.rparen, "inside parentheses")
            return inner
        case .punct(.lbracket):
            advance()
            return try node(.list(try parseElements(until: .rbracket, "in a list")), at: offset)
        case .punct(.lbrace):
            advance()
            return try parseMapLiteral(at: offset)
        default:
            throw fail(at: offset, "unexpected \(token.kind.display)", expected: "an operand: a literal, a name, '(', '[' or '{'")
        }
    }

    private mutating func identifierOrCall(_ name: String, absolute: Bool, at offset: Int) throws(Failure) -> Node {
        if accept(.lparen) {
            return try call(name, target: nil, args: try parseArguments(), at: offset)
        }
        if current.kind == .punct(.lbrace) {
            throw fail(at: current.offset, "message construction ('\(name){...}') is not supported", expected: "a map literal such as {'field': value}")
        }
        return try node(.identifier(name, absolute: absolute), at: offset)
    }

    /// Arguments after `(`, through `)`.
    private mutating func parseArguments() throws(Failure) -> [Node] {
        var args: [Node] = []
        if accept(.rparen) { return args }
        while true {
            args.append(try parseExpr())
            if accept(.rparen) { return args }
            guard accept(.comma) else {
                throw fail(at: current.offset, "unexpected \(current.kind.display) in an argument list", expected: "',' or ')'")
            }
        }
    }

    /// Comma-separated expressions through the closing bracket; a trailing comma is allowed.
    private mutating func parseElements(until close: Punct, _ context: String) throws(Failure) -> [Node] {
        var items: [Node] = []
        while !accept(close) {
            items.append(try parseExpr())
            if accept(close) { break }
            guard accept(.comma) else {
                throw fail(at: current.offset, "unexpected \(current.kind.display) \(context)", expected: "',' or '\(close.rawValue)'")
            }
        }
        return items
    }

    private mutating func parseMapLiteral(at offset: Int) throws(Failure) -> Node {
        var entries: [MapEntry] = []
        while !accept(.rbrace) {
            let key = try parseExpr()
            try expect(.colon, "between a map key and its value")
            let value = try parseExpr()
            entries.append(MapEntry(key: key, value: value))
            if accept(.rbrace) { break }
            guard accept(.comma) else {
                throw fail(at: current.offset, "unexpected \(current.kind.display) in a map literal", expected: "',' or '}'")
            }
        }
        return try node(.map(entries), at: offset)
    }

    /// A call, or the macro it stands for.
    private func call(_ name: String, target: Node?, args: [Node], at offset: Int) throws(Failure) -> Node {
        if target == nil, name == "has", args.count == 1 {
            guard case .select(let operand, let field) = args[0].kind else {
                throw fail(at: args[0].offset, "has() needs a field selection", expected: "an argument such as has(m.field)")
            }
            return try node(.presence(operand, field: field), at: offset)
        }
        guard let target, let kind = MacroKind(rawValue: name),
              args.count == 2 || (kind == .map && args.count == 3) else {
            return try node(.call(name, target: target, args: args), at: offset)
        }
        guard case .identifier(let variable, absolute: false) = args[0].kind else {
            throw fail(at: args[0].offset, "the first argument of \(name)() must be a variable name",
                       expected: "a simple identifier such as x in \(name)(x, ...)")
        }
        let predicate: Node? = kind == .map ? (args.count == 3 ? args[1] : nil) : args[1]
        let transform: Node? = kind == .map ? args[args.count - 1] : nil
        let comprehension = Comprehension(kind: kind, range: target, variable: variable, variableOffset: args[0].offset,
                                          predicate: predicate, transform: transform)
        return try node(.comprehension(comprehension), at: offset)
    }
}
