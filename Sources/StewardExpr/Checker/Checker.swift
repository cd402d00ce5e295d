/// Resolves names against the environment and checks types, collecting every problem.
///
/// In strict mode (the default) operand types must fit an overload, conditions must be bool, and
/// so on, as the CEL checker requires. Permissive mode keeps name resolution but turns type
/// mismatches into `dyn`, leaving them to run time: that is how the spec's `disable_check` cases run.
struct Checker {
    enum Mode: Sendable { case strict, permissive }

    let environment: ExprEnvironment
    let mode: Mode
    private(set) var errors: [(offset: Int, error: ExprError)] = []
    /// Comprehension variables in scope, innermost last; a variable's local slot is its position.
    var scope: [(name: String, type: ExprType)] = []
    /// How many local slots the deepest comprehension nesting needs.
    private(set) var localCount = 0

    init(environment: ExprEnvironment, mode: Mode) {
        self.environment = environment
        self.mode = mode
    }

    mutating func report(_ offset: Int, _ code: ExprError.Code, _ message: String, expected: String? = nil) {
        errors.append((offset, ExprError(code: code, message: message, expected: expected)))
    }

    /// Reports a type error in strict mode only.
    mutating func typeError(_ offset: Int, _ message: String, expected: String? = nil) {
        if mode == .strict { report(offset, .noMatchingOverload, message, expected: expected) }
    }

    mutating func check(_ node: Node) -> Checked {
        let at = node.offset
        switch node.kind {
        case .literal(let value):
            return Checked(kind: .constant(value), type: Self.type(of: value), offset: at)
        case .identifier, .select:
            return resolve(node)
        case .presence(let operand, let field):
            let target = check(operand)
            _ = fieldType(of: target, field: field, at: at)
            return Checked(kind: .presence(target, field: field), type: .bool, offset: at)
        case .call(let name, let target, let args):
            return checkCall(name, target: target, args: args, at: at)
        case .index(let base, let key):
            return checkIndex(check(base), check(key), at: at)
        case .list(let items):
            let elements = items.map { check($0) }
            let type = elements.dropFirst().reduce(elements.first?.type ?? .dyn) { $0.joined(with: $1.type) }
            return Checked(kind: .list(elements), type: .list(type), offset: at)
        case .map(let entries):
            return checkMap(entries, at: at)
        case .unary(let op, let operand):
            let value = check(operand)
            switch op {
            case .not:
                requireBool(value, "operand of '!'")
                return Checked(kind: .not(value), type: .bool, offset: at)
            case .negate:
                let type: ExprType = [.int, .double].contains(value.type) ? value.type : .dyn
                if !value.type.isOpen, type == .dyn {
                    typeError(at, "no matching overload for '-' applied to (\(value.type))", expected: "int or double")
                }
                return Checked(kind: .negate(value), type: type, offset: at)
            }
        case .binary(let op, let lhs, let rhs):
            return checkBinary(op, check(lhs), check(rhs), at: at)
        case .and(let terms), .or(let terms):
            let isAnd: Bool
            if case .and = node.kind { isAnd = true } else { isAnd = false }
            let operands = terms.map { check($0) }
            for operand in operands { requireBool(operand, "operand of '\(isAnd ? "&&" : "||")'") }
            return Checked(kind: isAnd ? .and(operands) : .or(operands), type: .bool, offset: at)
        case .conditional(let c, let t, let f):
            let condition = check(c)
            requireBool(condition, "condition of '?:'")
            let whenTrue = check(t), whenFalse = check(f)
            var bindings = TypeBindings()
            if !bindings.accepts(whenTrue.type, whenFalse.type) {
                typeError(f.offset, "the branches of '?:' have different types (\(whenTrue.type) and \(whenFalse.type))",
                          expected: "both branches of type \(whenTrue.type), or dyn(...) around one")
            }
            return Checked(kind: .conditional(condition, whenTrue, whenFalse),
                           type: whenTrue.type.joined(with: whenFalse.type), offset: at)
        case .comprehension(let c):
            return checkComprehension(c, at: at)
        }
    }

    mutating func requireBool(_ value: Checked, _ what: String) {
        if !value.type.isOpen, value.type != .bool {
            typeError(value.offset, "\(what) has type \(value.type)", expected: "bool")
        }
    }

    static func type(of value: ExprValue) -> ExprType {
        switch value {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .uint: .uint
        case .double: .double
        case .string: .string
        case .bytes: .bytes
        case .list: .list(.dyn)
        case .map: .map(.dyn, .dyn)
        case .timestamp: .timestamp
        case .duration: .duration
        }
    }

    private mutating func checkMap(_ entries: [MapEntry], at: Int) -> Checked {
        var pairs: [(key: Checked, value: Checked)] = []
        var keyType: ExprType?, valueType: ExprType?
        for entry in entries {
            let key = check(entry.key), value = check(entry.value)
            if !key.type.isKeyType {
                typeError(key.offset, "map keys cannot have type \(key.type)", expected: "int, uint, bool or string keys")
            }
            keyType = keyType.map { $0.joined(with: key.type) } ?? key.type
            valueType = valueType.map { $0.joined(with: value.type) } ?? value.type
            pairs.append((key, value))
        }
        return Checked(kind: .map(pairs), type: .map(keyType ?? .dyn, valueType ?? .dyn), offset: at)
    }

    private mutating func checkComprehension(_ c: Comprehension, at: Int) -> Checked {
        let range = check(c.range)
        let elementType: ExprType
        switch range.type {
        case .list(let e): elementType = e
        case .map(let k, _): elementType = k
        case .dyn, .typeParameter: elementType = .dyn
        default:
            typeError(range.offset, "\(c.kind.rawValue)() cannot iterate over a value of type \(range.type)", expected: "a list or a map")
            elementType = .dyn
        }
        let local = scope.count
        scope.append((c.variable, elementType))
        localCount = max(localCount, scope.count)
        defer { scope.removeLast() }
        let predicate = c.predicate.map { check($0) }
        if let predicate { requireBool(predicate, "condition of \(c.kind.rawValue)()") }
        let transform = c.transform.map { check($0) }
        let type: ExprType
        switch c.kind {
        case .all, .exists, .existsOne: type = .bool
        case .filter: type = .list(elementType)
        case .map: type = .list(transform?.type ?? .dyn)
        }
        return Checked(kind: .comprehension(kind: c.kind, range: range, local: local, predicate: predicate, transform: transform),
                       type: type, offset: at)
    }

    /// The innermost comprehension variable with this name, as (local slot, type).
    func local(named name: String) -> (slot: Int, type: ExprType)? {
        guard let slot = scope.lastIndex(where: { $0.name == name }) else { return nil }
        return (slot, scope[slot].type)
    }
}
