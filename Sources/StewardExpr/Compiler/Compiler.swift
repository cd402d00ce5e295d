/// Turns a checked expression into nested closures, once, so evaluation is a chain of direct calls
/// over slots: no name lookups, no tree walking. Subtrees made only of constants are evaluated here
/// (when they succeed), and literal regular expressions are compiled here, so a bad pattern is a
/// compile error rather than a surprise at run time.
struct Compiler {
    /// A compiled node and, when known before running, its value.
    struct Compiled {
        let run: Evaluator
        let constant: ExprValue?

        init(_ run: @escaping Evaluator) {
            self.run = run
            constant = nil
        }

        init(constant value: ExprValue) {
            run = { _ throws(Fault) in value }
            constant = value
        }
    }

    let limits: ExprLimits
    let variableNames: [String]
    let localCount: Int
    private(set) var errors: [(offset: Int, error: ExprError)] = []

    init(limits: ExprLimits, variableNames: [String], localCount: Int) {
        self.limits = limits
        self.variableNames = variableNames
        self.localCount = localCount
    }

    mutating func report(_ offset: Int, _ error: ExprError) { errors.append((offset, error)) }

    /// Runs `run` now when every input is a constant; keeps it for run time otherwise, or when it
    /// fails (the failure then happens, located, at run time as the language requires).
    func folding(_ inputs: [Compiled], _ run: @escaping Evaluator) -> Compiled {
        guard inputs.allSatisfy({ $0.constant != nil }) else { return Compiled(run) }
        var frame = Frame(variables: [], localCount: localCount, maxIterations: limits.maxIterations)
        do { return Compiled(constant: try run(&frame)) } catch { return Compiled(run) }
    }

    mutating func compile(_ node: Checked) -> Compiled {
        let at = node.offset
        switch node.kind {
        case .constant(let value):
            return Compiled(constant: value)
        case .invalid:
            return Compiled { _ throws(Fault) in throw Fault(.syntax, "expression failed to check").located(at) }
        case .variable(let slot):
            let name = variableNames[slot]
            return Compiled { frame throws(Fault) in
                guard let value = frame.variables[slot] else {
                    throw Fault(.unboundVariable, "variable '\(name)' has no value", expected: "a value for '\(name)' in the activation").located(at)
                }
                return value
            }
        case .local(let index):
            return Compiled { frame throws(Fault) in frame.locals[index] }
        case .select(let operand, let field):
            let base = compile(operand)
            let run = base.run
            return folding([base]) { frame throws(Fault) in
                let value = try run(&frame)
                if case .map(let map) = value, let found = map.value(forField: field) { return found }
                return try located(at) { () throws(Fault) in try Access.select(value, field) }
            }
        case .presence(let operand, let field):
            let base = compile(operand)
            let run = base.run
            return folding([base]) { frame throws(Fault) in
                let value = try run(&frame)
                return try located(at) { () throws(Fault) in try Access.has(value, field) }
            }
        case .index(let base, let key):
            let b = compile(base), k = compile(key)
            let runBase = b.run, runKey = k.run
            return folding([b, k]) { frame throws(Fault) in
                let container = try runBase(&frame)
                let index = try runKey(&frame)
                return try located(at) { () throws(Fault) in try Access.index(container, index) }
            }
        case .list(let items):
            let compiled = items.map { compile($0) }
            let runs = compiled.map(\.run)
            return folding(compiled) { frame throws(Fault) in
                var values: [ExprValue] = []
                values.reserveCapacity(runs.count)
                for run in runs { values.append(try run(&frame)) }
                return .list(values)
            }
        case .map(let entries):
            return compileMap(entries, at: at)
        case .not(let operand):
            let o = compile(operand)
            let run = o.run
            return folding([o]) { frame throws(Fault) in
                guard case .bool(let b) = try run(&frame) else {
                    throw Fault(.noMatchingOverload, "'!' applied to a non-bool value", expected: "bool").located(at)
                }
                return .bool(!b)
            }
        case .negate(let operand):
            let o = compile(operand)
            let run = o.run
            return folding([o]) { frame throws(Fault) in
                let value = try run(&frame)
                return try located(at) { () throws(Fault) in try Arithmetic.negate(value) }
            }
        case .and(let terms):
            return compileLogic(terms.map { compile($0) }, isAnd: true, at: at)
        case .or(let terms):
            return compileLogic(terms.map { compile($0) }, isAnd: false, at: at)
        case .conditional(let c, let t, let f):
            let cc = compile(c), tc = compile(t), fc = compile(f)
            let cond = cc.run, whenTrue = tc.run, whenFalse = fc.run
            return folding([cc, tc, fc]) { frame throws(Fault) in
                guard case .bool(let b) = try cond(&frame) else {
                    throw Fault(.noMatchingOverload, "the condition of '?:' is not a bool", expected: "bool").located(at)
                }
                return b ? try whenTrue(&frame) : try whenFalse(&frame)
            }
        case .binary(let op, let lhs, let rhs):
            return compileBinary(op, compile(lhs), compile(rhs), at: at)
        case .call(let builtin, let args):
            return compileCall(builtin, args, at: at)
        case .comprehension(let kind, let range, let local, let predicate, let transform):
            return compileComprehension(kind, compile(range), local: local, predicate: predicate.map { compile($0) },
                                        transform: transform.map { compile($0) }, at: at)
        }
    }

    private mutating func compileMap(_ entries: [(key: Checked, value: Checked)], at: Int) -> Compiled {
        let keys = entries.map { compile($0.key) }, values = entries.map { compile($0.value) }
        let keyRuns = keys.map(\.run), valueRuns = values.map(\.run)
        return folding(keys + values) { frame throws(Fault) in
            var pairs: [(key: ExprValue, value: ExprValue)] = []
            pairs.reserveCapacity(keyRuns.count)
            for i in keyRuns.indices { pairs.append((try keyRuns[i](&frame), try valueRuns[i](&frame))) }
            do throws(ExprMap.BuildFailure) { return .map(try ExprMap(validating: pairs)) } catch {
                switch error {
                case .unsupportedKey(let key):
                    throw Fault(.invalidArgument, "unsupported key type '\(key.typeName)' in a map literal", expected: "int, uint, bool or string keys").located(at)
                case .repeatedKey(let key):
                    throw Fault(.invalidArgument, "Failed with repeated key \(key) in a map literal", expected: "distinct keys").located(at)
                }
            }
        }
    }
}
