/// Reads a step's `...Var` arguments: `sourceVar: context.dependencies[0]` becomes `source` with
/// the value at that path in the scope (the signal, `agent`, `losingAgent`, `env.*`, ...).
public enum StepArguments {
    /// The arguments with every reference read, or the first that cannot be.
    public static func resolve(_ args: [String: JSONValue], scope: JSONValue) -> Result<[String: JSONValue], FieldProblem> {
        var out: [String: JSONValue] = [:]
        for key in args.keys.sorted() {
            guard let value = args[key] else { continue }
            guard key.hasSuffix("Var"), key.count > 3 else {
                out[key] = value
                continue
            }
            let name = String(key.dropLast(3))
            guard case .string(let path) = value else {
                return .failure(FieldProblem(field: "args.\(key)", reason: "must name a value to read, such as context.dependencies[0]"))
            }
            guard let found = lookup(path, in: scope), found != .null else {
                return .failure(FieldProblem(field: "args.\(key)", reason: "\(path) has no value for this incident"))
            }
            out[name] = found
        }
        return .success(out)
    }

    /// The value at a dotted path with optional `[n]` indexes; names may themselves contain dots
    /// (`env.AUTOREM_ROI_FLOOR` is one key), which are tried whole first.
    public static func lookup(_ path: String, in scope: JSONValue) -> JSONValue? {
        if let whole = scope[path] { return whole }
        var current = scope
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            var indexes: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                guard let n = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]), n >= 0 else { return nil }
                indexes.insert(n, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty {
                guard let next = current[String(name)] else { return nil }
                current = next
            }
            for n in indexes {
                guard case .array(let items) = current, items.indices.contains(n) else { return nil }
                current = items[n]
            }
        }
        return current
    }
}
