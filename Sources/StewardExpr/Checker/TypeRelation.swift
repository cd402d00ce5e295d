/// Assignability with type parameters, for overload resolution. `dyn` fits everything both ways.
struct TypeBindings {
    private var bound: [String: ExprType] = [:]

    /// Whether an argument of type `arg` fits a parameter of type `param`, binding parameters as it goes.
    mutating func accepts(_ param: ExprType, _ arg: ExprType) -> Bool {
        switch (param, arg) {
        case (.dyn, _), (_, .dyn), (_, .typeParameter): return true
        case (.typeParameter(let name), _):
            if let existing = bound[name] {
                if existing == .dyn {
                    bound[name] = arg
                    return true
                }
                return accepts(existing, arg)
            }
            bound[name] = arg
            return true
        case (.list(let p), .list(let q)): return accepts(p, q)
        case (.map(let pk, let pv), .map(let qk, let qv)): return accepts(pk, qk) && accepts(pv, qv)
        default: return param == arg
        }
    }

    /// `accepts` on a copy, for asking without binding.
    func accepting(_ param: ExprType, _ arg: ExprType) -> Bool {
        var copy = self
        return copy.accepts(param, arg)
    }

    /// A type with the bound parameters filled in (unbound ones become `dyn`).
    func apply(_ type: ExprType) -> ExprType {
        switch type {
        case .typeParameter(let name): bound[name].map(apply) ?? .dyn
        case .list(let e): .list(apply(e))
        case .map(let k, let v): .map(apply(k), apply(v))
        default: type
        }
    }
}

extension ExprType {
    /// The one type that describes values of both types: the type itself when equal, else `dyn`
    /// (or a list or map of the join).
    func joined(with other: ExprType) -> ExprType {
        if self == other { return self }
        switch (self, other) {
        case (.list(let a), .list(let b)): return .list(a.joined(with: b))
        case (.map(let k1, let v1), .map(let k2, let v2)): return .map(k1.joined(with: k2), v1.joined(with: v2))
        default: return .dyn
        }
    }

    /// Whether the type is `dyn` or a type parameter, so only run time can tell.
    var isOpen: Bool {
        switch self {
        case .dyn, .typeParameter: true
        default: false
        }
    }
}
