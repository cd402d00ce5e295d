/// Identifiers, qualified names, field selection and indexing.
extension Checker {
    /// Resolves an identifier or a chain of selections. For `a.b.c` outside any comprehension
    /// variable, the longest declared prefix wins: variable `a.b.c`, else field `c` of `a.b`,
    /// else fields `b.c` of `a` (CEL's qualified-name rule).
    mutating func resolve(_ node: Node) -> Checked {
        var fields: [(name: String, offset: Int)] = []
        var root = node
        while case .select(let operand, let field) = root.kind {
            fields.append((field, root.offset))
            root = operand
        }
        fields.reverse()
        guard case .identifier(let name, let absolute) = root.kind else {
            // A selection on something that is not a name: check the operand, then select.
            guard case .select(let operand, let field) = node.kind else { return check(node) }
            return select(check(operand), field: field, at: node.offset)
        }
        if !absolute, let local = local(named: name) {
            let base = Checked(kind: .local(local.slot), type: local.type, offset: root.offset)
            return fields.reduce(base) { select($0, field: $1.name, at: $1.offset) }
        }
        for used in stride(from: fields.count, through: 0, by: -1) {
            let candidate = ([name] + fields.prefix(used).map(\.name)).joined(separator: ".")
            if let variable = environment.variable(named: candidate) {
                let base = Checked(kind: .variable(slot: variable.slot), type: variable.type, offset: root.offset)
                return fields.dropFirst(used).reduce(base) { select($0, field: $1.name, at: $1.offset) }
            }
        }
        // `action.costUs` when `action.costUsd` is declared: name the mistyped field, not `action`.
        // `acount.id` when `account.id` is declared: the dotted name is what is close to one.
        var missing = name
        if let first = fields.first {
            let dotted = name + "." + first.name
            if environment.variables.contains(where: { $0.name.hasPrefix(name + ".") })
                || (closestName(to: dotted) != nil && closestName(to: name) == nil) {
                missing = dotted
            }
        }
        report(root.offset, .undeclaredReference, "undeclared reference to '\(missing)'", expected: suggestion(for: missing))
        return Checked(kind: .invalid, type: .dyn, offset: root.offset)
    }

    private mutating func select(_ operand: Checked, field: String, at: Int) -> Checked {
        Checked(kind: .select(operand, field: field), type: fieldType(of: operand, field: field, at: at), offset: at)
    }

    /// The type of `operand.field`, reporting selection on a value that has no fields.
    mutating func fieldType(of operand: Checked, field: String, at: Int) -> ExprType {
        switch operand.type {
        case .map(let key, let value):
            if !key.isOpen, key != .string {
                typeError(at, "field '\(field)' selected on a map with \(key) keys", expected: "a map with string keys, or an index m[key]")
            }
            return value
        case .dyn, .typeParameter:
            return .dyn
        default:
            typeError(at, "type '\(operand.type)' has no fields (selecting '\(field)')", expected: "a map or a dyn value")
            return .dyn
        }
    }

    mutating func checkIndex(_ base: Checked, _ key: Checked, at: Int) -> Checked {
        var type = ExprType.dyn
        switch base.type {
        case .list(let element):
            type = element
            if !key.type.isOpen, key.type != .int {
                typeError(key.offset, "list index has type \(key.type)", expected: "an int index")
            }
        case .map(let keyType, let value):
            type = value
            var bindings = TypeBindings()
            if !bindings.accepts(keyType, key.type) {
                typeError(key.offset, "map key has type \(key.type)", expected: "a key of type \(keyType)")
            }
        case .dyn, .typeParameter:
            break
        default:
            typeError(at, "type '\(base.type)' cannot be indexed", expected: "a list or a map")
        }
        return Checked(kind: .index(base, key), type: type, offset: at)
    }

    /// "did you mean ...?" for a mistyped variable name, or the declared names when few.
    func suggestion(for name: String) -> String {
        let names = environment.variables.map(\.name) + scope.map { $0.name }
        if let best = closestName(to: name) {
            return "a declared variable (did you mean '\(best)'?)"
        }
        if names.isEmpty { return "a declared variable (none are declared here)" }
        let shown = names.prefix(12).joined(separator: ", ")
        return "a declared variable: \(shown)\(names.count > 12 ? ", ..." : "")"
    }
}

extension Checker {
    /// The declared or local name closest to `name`, when close for its length (``Suggestion``).
    func closestName(to name: String) -> String? {
        Suggestion.closest(to: name, among: environment.variables.map(\.name) + scope.map { $0.name })
    }
}
