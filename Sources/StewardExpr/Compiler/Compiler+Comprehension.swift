/// The comprehension macros. Every iteration counts against the evaluation's budget, so nested
/// comprehensions over large inputs stop with a clear error instead of running away.
extension Compiler {
    func compileComprehension(_ kind: MacroKind, _ range: Compiled, local: Int, predicate: Compiled?,
                              transform: Compiled?, at: Int) -> Compiled {
        let rangeRun = range.run
        let test = predicate?.run
        let produce = transform?.run
        let name = kind.rawValue
        @Sendable func elements(_ frame: inout Frame) throws(Fault) -> [ExprValue] {
            switch try rangeRun(&frame) {
            case .list(let items): return items
            case .map(let map): return map.entries.map(\.key)
            case let other:
                throw Fault(.noMatchingOverload, "\(name)() cannot iterate over a value of type \(other.typeName)",
                            expected: "a list or a map").located(at)
            }
        }
        @Sendable func condition(_ frame: inout Frame) throws(Fault) -> Bool? {
            guard let test else { return true }
            let value = try test(&frame)
            guard case .bool(let b) = value else { return nil }
            return b
        }
        let inputs = [range] + [predicate, transform].compactMap { $0 }
        let nonBool = Fault(.noMatchingOverload, "the condition of \(name)() is not a bool", expected: "bool").located(at)
        switch kind {
        case .all, .exists:
            let decisive = kind == .exists
            return folding(inputs) { frame throws(Fault) in
                var failure: Fault?
                for item in try elements(&frame) {
                    try located(at) { () throws(Fault) in try frame.spendIteration() }
                    frame.locals[local] = item
                    do throws(Fault) {
                        if let b = try condition(&frame) {
                            if b == decisive { return .bool(decisive) }
                        } else if failure == nil {
                            failure = nonBool
                        }
                    } catch { if failure == nil { failure = error } }
                }
                if let failure { throw failure }
                return .bool(!decisive)
            }
        case .existsOne:
            return folding(inputs) { frame throws(Fault) in
                var count = 0
                for item in try elements(&frame) {
                    try located(at) { () throws(Fault) in try frame.spendIteration() }
                    frame.locals[local] = item
                    guard let b = try condition(&frame) else { throw nonBool }
                    if b { count += 1 }
                }
                return .bool(count == 1)
            }
        case .map, .filter:
            return folding(inputs) { frame throws(Fault) in
                var results: [ExprValue] = []
                for item in try elements(&frame) {
                    try located(at) { () throws(Fault) in try frame.spendIteration() }
                    frame.locals[local] = item
                    guard let keep = try condition(&frame) else { throw nonBool }
                    guard keep else { continue }
                    results.append(try produce.map { run throws(Fault) in try run(&frame) } ?? item)
                }
                return .list(results)
            }
        }
    }
}
