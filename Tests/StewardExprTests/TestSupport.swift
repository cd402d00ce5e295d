@testable import StewardExpr

/// Compiles and evaluates in one step, for table-driven tests.
func evaluate(_ source: String, _ values: [String: ExprValue] = [:], types: [String: ExprType] = [:],
              checking: ExprProgram.Checking = .strict) throws -> ExprValue {
    var environment = ExprEnvironment()
    for (name, type) in types { environment.declare(name, type) }
    for name in values.keys where environment.slot(of: name) == nil { environment.declare(name, .dyn) }
    let program = try ExprProgram(source, environment: environment, checking: checking)
    return try program.evaluate(values)
}

/// The compile errors of a source, or [] when it compiles.
func compileErrors(_ source: String, types: [String: ExprType] = [:], expecting: ExprType? = nil) -> [ExprError] {
    var environment = ExprEnvironment()
    for (name, type) in types.sorted(by: { $0.key < $1.key }) { environment.declare(name, type) }
    do {
        _ = try ExprProgram(source, environment: environment, expecting: expecting)
        return []
    } catch {
        return error.errors
    }
}

/// The parse tree as an S-expression, to pin precedence and associativity.
func shape(_ source: String) -> String {
    var lexer = Lexer(SourceText(source))
    lexer.run()
    var parser = Parser(tokens: lexer.tokens, maxDepth: 100)
    guard let node = try? parser.parseAll() else { return "<error>" }
    return node.sexpr
}

extension Node {
    var sexpr: String {
        switch kind {
        case .literal(let v): return v.description
        case .identifier(let n, let absolute): return (absolute ? "." : "") + n
        case .select(let o, let f): return "\(o.sexpr).\(f)"
        case .presence(let o, let f): return "has(\(o.sexpr).\(f))"
        case .call(let n, let t, let a): return "(\(t.map { $0.sexpr + "." } ?? "")\(n)" + a.map { " " + $0.sexpr }.joined() + ")"
        case .index(let b, let i): return "\(b.sexpr)[\(i.sexpr)]"
        case .list(let items): return "[" + items.map(\.sexpr).joined(separator: " ") + "]"
        case .map(let entries): return "{" + entries.map { "\($0.key.sexpr):\($0.value.sexpr)" }.joined(separator: " ") + "}"
        case .unary(let op, let o): return "(\(op.rawValue) \(o.sexpr))"
        case .binary(let op, let l, let r): return "(\(op.rawValue) \(l.sexpr) \(r.sexpr))"
        case .and(let t): return "(&& " + t.map(\.sexpr).joined(separator: " ") + ")"
        case .or(let t): return "(|| " + t.map(\.sexpr).joined(separator: " ") + ")"
        case .conditional(let c, let a, let b): return "(? \(c.sexpr) \(a.sexpr) \(b.sexpr))"
        case .comprehension(let c):
            return "(\(c.kind.rawValue) \(c.range.sexpr) \(c.variable)" + [c.predicate, c.transform].compactMap { $0.map { " " + $0.sexpr } }.joined() + ")"
        }
    }
}
