/// Function calls and operators: overload resolution with type parameters.
extension Checker {
    mutating func checkCall(_ name: String, target: Node?, args: [Node], at: Int) -> Checked {
        let receiver = target.map { check($0) }
        let arguments = args.map { check($0) }
        let all = (receiver.map { [$0] } ?? []) + arguments
        if receiver != nil, MacroKind(rawValue: name) != nil {
            let form = name == "map" ? "map(x, transform) or map(x, condition, transform)" : "\(name)(x, condition)"
            report(at, .noMatchingOverload, "\(name)() takes a variable name and \(name == "map" ? "one or two expressions" : "a condition")", expected: form)
            return Checked(kind: .invalid, type: .dyn, offset: at)
        }
        guard let builtin = Builtin(rawValue: name) else {
            report(at, .undeclaredFunction, "undeclared function '\(name)'", expected: functionSuggestion(name, member: receiver != nil))
            return Checked(kind: .invalid, type: .dyn, offset: at)
        }
        let signatures = receiver == nil ? builtin.globalSignatures : builtin.memberSignatures
        let spelled = receiver == nil ? "\(name)()" : ".\(name)()"
        if signatures.isEmpty {
            let other = receiver == nil ? "a method: x.\(name)(...)" : "a function: \(name)(x)"
            report(at, .undeclaredFunction, "'\(name)' is not \(receiver == nil ? "a global function" : "a method")", expected: other)
            return Checked(kind: .invalid, type: .dyn, offset: at)
        }
        let arities = Set(signatures.map { $0.params.count })
        guard arities.contains(all.count) else {
            let counts = arities.sorted().map { String($0 - (receiver == nil ? 0 : 1)) }.joined(separator: " or ")
            report(at, .noMatchingOverload, "\(spelled) takes \(counts) argument(s), not \(arguments.count)", expected: "\(counts) argument(s)")
            return Checked(kind: .invalid, type: .dyn, offset: at)
        }
        let type = resolveOverload(signatures, all, spelled: spelled, at: at)
        return Checked(kind: .call(builtin, all), type: type, offset: at)
    }

    mutating func checkBinary(_ op: BinaryOperator, _ lhs: Checked, _ rhs: Checked, at: Int) -> Checked {
        let type = resolveOverload(Builtin.signatures(of: op), [lhs, rhs], spelled: "'\(op.rawValue)'", at: at)
        return Checked(kind: .binary(op, lhs, rhs), type: type, offset: at)
    }

    /// The result type of the overloads the arguments fit; a type error when none does.
    private mutating func resolveOverload(_ signatures: [Builtin.Signature], _ args: [Checked], spelled: String, at: Int) -> ExprType {
        var results: [ExprType] = []
        for signature in signatures where signature.params.count == args.count {
            var bindings = TypeBindings()
            if zip(signature.params, args).allSatisfy({ bindings.accepts($0, $1.type) }) {
                results.append(bindings.apply(signature.result))
            }
        }
        guard let first = results.first else {
            let types = args.map { $0.type.description }.joined(separator: ", ")
            let sameArity = signatures.filter { $0.params.count == args.count }
            // Show the overloads that fit at least one argument, when there are such.
            let near = sameArity.filter { s in zip(s.params, args).contains { TypeBindings().accepting($0, $1.type) } }
            let accepted = (near.isEmpty ? sameArity : near)
                .map { "(" + $0.params.map(\.description).joined(separator: ", ") + ")" }
            typeError(at, "no matching overload for \(spelled) applied to (\(types))",
                      expected: accepted.prefix(6).joined(separator: " or ") + (accepted.count > 6 ? " or ..." : ""))
            return .dyn
        }
        return results.dropFirst().allSatisfy { $0 == first } ? first : .dyn
    }

    private func functionSuggestion(_ name: String, member: Bool) -> String {
        let names = Builtin.allCases.filter { member ? !$0.memberSignatures.isEmpty : !$0.globalSignatures.isEmpty }.map(\.rawValue)
        let macros = member ? ["all", "exists", "exists_one", "map", "filter"] : ["has"]
        let known = names + macros
        if let best = Suggestion.closest(to: name, among: known) {
            return "a known \(member ? "method" : "function") (did you mean '\(best)'?)"
        }
        return "one of: " + known.joined(separator: ", ")
    }
}
