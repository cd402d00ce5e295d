/// `&&`, `||` and the binary operators, with fast paths for the shapes rules use most
/// (a variable compared with a constant, membership in a constant list).
extension Compiler {
    /// `&&` / `||` with commutative error absorption: a `false` operand decides `&&` (a `true`
    /// decides `||`) even when another operand failed or is not a bool; otherwise the first error wins.
    func compileLogic(_ terms: [Compiled], isAnd: Bool, at: Int) -> Compiled {
        let runs = terms.map(\.run)
        let op = isAnd ? "'&&'" : "'||'"
        let decisive = !isAnd
        if runs.count == 2 {
            // Taken from the structs, not the array: an array holds closures at maximal
            // abstraction, and calling through it adds a reabstraction thunk per call.
            let first = terms[0].run, second = terms[1].run
            return folding(terms) { frame throws(Fault) in
                var failure: Fault?
                do throws(Fault) {
                    let v = try first(&frame)
                    if case .bool(let b) = v { if b == decisive { return .bool(decisive) } } else { failure = Fault.noOverload(op, v).located(at) }
                } catch { failure = error }
                do throws(Fault) {
                    let v = try second(&frame)
                    if case .bool(let b) = v { if b == decisive { return .bool(decisive) } } else if failure == nil { failure = Fault.noOverload(op, v).located(at) }
                } catch { if failure == nil { failure = error } }
                if let failure { throw failure }
                return .bool(!decisive)
            }
        }
        return folding(terms) { frame throws(Fault) in
            var failure: Fault?
            for run in runs {
                do throws(Fault) {
                    let v = try run(&frame)
                    if case .bool(let b) = v { if b == decisive { return .bool(decisive) } } else if failure == nil { failure = Fault.noOverload(op, v).located(at) }
                } catch { if failure == nil { failure = error } }
            }
            if let failure { throw failure }
            return .bool(!decisive)
        }
    }

    func compileBinary(_ op: BinaryOperator, _ lhs: Compiled, _ rhs: Compiled, at: Int) -> Compiled {
        let left = lhs.run, right = rhs.run
        let limits = self.limits
        switch op {
        case .equal, .notEqual:
            let want = op == .equal
            if let constant = rhs.constant {
                return folding([lhs, rhs]) { frame throws(Fault) in .bool(Equality.equals(try left(&frame), constant) == want) }
            }
            return folding([lhs, rhs]) { frame throws(Fault) in
                let a = try left(&frame)
                return .bool(Equality.equals(a, try right(&frame)) == want)
            }
        case .less, .lessEqual, .greater, .greaterEqual:
            return compileRelation(op, lhs, rhs, at: at)
        case .in:
            if let constant = rhs.constant, case .list(let items) = constant, items.count > 8,
               let keys = Optional(items.compactMap { MapKey($0) }), keys.count == items.count {
                let set = Set(keys)
                return folding([lhs, rhs]) { frame throws(Fault) in
                    guard let key = MapKey(lookup: try left(&frame)) else { return .bool(false) }
                    return .bool(set.contains(key))
                }
            }
            return folding([lhs, rhs]) { frame throws(Fault) in
                let element = try left(&frame)
                let container = try right(&frame)
                return .bool(try located(at) { () throws(Fault) in try Access.contains(container, element) })
            }
        case .add:
            return folding([lhs, rhs]) { frame throws(Fault) in
                let a = try left(&frame), b = try right(&frame)
                return try located(at) { () throws(Fault) in try Arithmetic.add(a, b, limits) }
            }
        case .subtract, .multiply, .divide, .modulo:
            let function: @Sendable (ExprValue, ExprValue) throws(Fault) -> ExprValue = switch op {
            case .subtract: Arithmetic.subtract
            case .multiply: Arithmetic.multiply
            case .divide: Arithmetic.divide
            default: Arithmetic.modulo
            }
            return folding([lhs, rhs]) { frame throws(Fault) in
                let a = try left(&frame), b = try right(&frame)
                return try located(at) { () throws(Fault) in try function(a, b) }
            }
        }
    }

    private func compileRelation(_ op: BinaryOperator, _ lhs: Compiled, _ rhs: Compiled, at: Int) -> Compiled {
        let left = lhs.run, right = rhs.run
        let symbol = op.rawValue
        @Sendable func decide(_ order: Int?) -> ExprValue {
            guard let order else { return .bool(false) }
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        }
        if case .double(let bound) = rhs.constant {
            // `errorRate > 0.05`: the commonest condition of all.
            return folding([lhs, rhs]) { frame throws(Fault) in
                let a = try left(&frame)
                if case .double(let x) = a { return decide(Ordering.compareDoubles(x, bound)) }
                return decide(try located(at) { () throws(Fault) in try Ordering.compare(a, .double(bound), symbol) })
            }
        }
        return folding([lhs, rhs]) { frame throws(Fault) in
            let a = try left(&frame), b = try right(&frame)
            switch (a, b) {
            case (.int(let x), .int(let y)): return decide(x < y ? -1 : (x == y ? 0 : 1))
            case (.double(let x), .double(let y)): return decide(Ordering.compareDoubles(x, y))
            default: return decide(try located(at) { () throws(Fault) in try Ordering.compare(a, b, symbol) })
            }
        }
    }
}
