import StewardExpr

/// The arguments a playbook step may be written with, checked when the configuration loads so a
/// typo (`backofMs`) or a wrong kind (`backoffMs: fast`) is an error instead of a silent default.
///
/// A builtin's arguments are Steward's alone: any other name is an error. An agent primitive's
/// arguments go to the agent as the action's parameters, so names Steward does not read pass, but
/// one close to a name Steward reads (`backofMs` for retryLastTask) is taken for a typo.
public enum StepArgumentRules {
    /// What an argument's value must be.
    public enum Kind: Sendable, Hashable {
        case text, number, flag, names, numbers, domains, anything
        case whole(atLeast: Int64)

        var words: String {
            switch self {
            case .text: "a string"
            case .number: "a number"
            case .flag: "true or false"
            case .names: "a list of names"
            case .numbers: "a list of numbers"
            case .domains: "a list of domains (\(Domain.allCases.map(\.rawValue).joined(separator: ", ")))"
            case .anything: "any value"
            case .whole(let least): "a whole number of at least \(least)"
            }
        }

        func admits(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.anything, _), (.text, .string), (.flag, .bool): return true
            case (.number, .int), (.number, .double): return true
            case (.whole(let least), _): return value.intValue.map { $0 >= least } ?? false
            case (.names, .array(let items)): return items.allSatisfy { $0.stringValue != nil }
            case (.numbers, .array(let items)): return items.allSatisfy { $0.doubleValue != nil }
            case (.domains, .array(let items)):
                return !items.isEmpty && items.allSatisfy { $0.stringValue.flatMap(Domain.init(rawValue:)) != nil }
            default: return false
            }
        }
    }

    /// The arguments Steward reads (or, for agent primitives, passes on by convention) per primitive.
    public static func known(_ primitive: Primitive) -> [String: Kind] {
        switch primitive {
        case .applyPriorityRules: ["order": .domains]
        case .throttleAgent: ["agent": .text, "minutes": .whole(atLeast: 1), "maxConcurrent": .whole(atLeast: 1)]
        case .reallocateSlots: ["from": .text, "to": .text, "slots": .whole(atLeast: 1)]
        case .rebalanceByROI: ["roiFloor": .number]
        case .throttleLowROI: ["reserveSlots": .whole(atLeast: 0), "roiFloor": .number]
        case .estimateImpact: ["agent": .text]
        case .checkFreshness: ["source": .text]
        case .refreshIfStale: ["freshnessMapEnv": .flag]
        case .selectByBandit: ["candidates": .names]
        case .executeSelected, .refreshCache, .validateInputs, .schemaMigrateIfNeeded: [:]
        case .retryLastTask: ["backoffMs": .whole(atLeast: 0), "max": .whole(atLeast: 1)]
        case .refetchSource: ["source": .text]
        case .restartAgent: ["mode": .anything]
        case .reassignOverlaps: ["policy": .anything]
        case .splitDirective: ["directiveId": .anything, "ratio": .anything]
        case .checkSecrets: ["required": .anything]
        }
    }

    /// The arguments a builtin cannot run without (written as such or as a `...Var`).
    public static func required(_ primitive: Primitive) -> [String] {
        switch primitive {
        case .throttleAgent: ["agent"]
        case .reallocateSlots: ["from", "to"]
        default: []
        }
    }

    /// The names a `...Var` argument may read besides the signal's fields.
    static let scopeNames: Set<String> = ["losingAgent", "lowestPriorityAgent", "priorityPolicy"]

    /// The problems of a step's `args`, each with the argument it concerns.
    public static func problems(_ args: [String: JSONValue], of primitive: Primitive) -> [(argument: String, reason: String)] {
        let known = known(primitive)
        var problems: [(argument: String, reason: String)] = []
        for name in required(primitive) where args[name] == nil && args[name + "Var"] == nil {
            problems.append(("", "\(primitive.rawValue) needs argument '\(name)' (or '\(name)Var' to read it from the incident)"))
        }
        for name in args.keys.sorted() {
            guard let value = args[name] else { continue }
            let reads = name.hasSuffix("Var") && name.count > 3
            let target = reads ? String(name.dropLast(3)) : name
            if let kind = known[target] {
                if reads {
                    if let problem = pathProblem(value) { problems.append((name, problem)) }
                } else if !kind.admits(value) {
                    problems.append((name, "must be \(kind.words) for \(primitive.rawValue), got \(value.kindWords)"))
                }
                continue
            }
            let candidates = known.keys.flatMap { [$0, $0 + "Var"] }
            let close = Suggestion.closest(to: name, among: candidates)
            if primitive.isBuiltin || close != nil {
                let expected = known.isEmpty ? "it takes no arguments" : "it reads \(known.keys.sorted().joined(separator: ", "))"
                let passes = primitive.isBuiltin ? "" : " (other names are passed to the agent; this one is close to one Steward reads)"
                problems.append((name, "unknown argument '\(name)' for \(primitive.rawValue): \(expected)\(passes)" + (close.map { "; did you mean '\($0)'?" } ?? "")))
            } else if reads, let problem = pathProblem(value) {
                problems.append((name, problem))
            }
        }
        return problems
    }

    /// Why `value` is not a path a `...Var` argument can read, or nil when it is.
    static func pathProblem(_ value: JSONValue) -> String? {
        guard case .string(let path) = value, !path.isEmpty else { return "must name a value to read, such as context.dependencies[0]" }
        let environment = EnvironmentValues.names
        if path.hasPrefix("env.") {
            return environment.contains(path) ? nil
                : "\(path) is not a setting a step can read: one of \(environment.sorted().joined(separator: ", "))" + Suggestion.hint(for: path, among: environment)
        }
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map { $0.prefix { $0 != "[" } }.map(String.init)
        let roots = SignalCheck.topFields.union(scopeNames)
        guard let root = parts.first, roots.contains(root) else {
            return "\(path) is not a value a step can read: it starts with one of \(roots.sorted().joined(separator: ", ")) or env."
                + Suggestion.hint(for: parts.first ?? path, among: roots)
        }
        let fields: Set<String>? = root == "metrics" ? SignalCheck.metricFields : root == "context" ? SignalCheck.contextFields : nil
        if let fields {
            guard parts.count > 1, fields.contains(parts[1]) else {
                let field = parts.count > 1 ? parts[1] : ""
                return "\(path) is not a value a step can read: \(root) has \(fields.sorted().joined(separator: ", "))"
                    + (Suggestion.closest(to: field, among: fields).map { "; did you mean '\(root).\($0)'?" } ?? "")
            }
        }
        return nil
    }
}

extension JSONValue {
    /// What kind of value this is, in words, for error messages.
    var kindWords: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .int(let n): "\(n)"
        case .double(let d): "\(d)"
        case .string(let s): "'\(s)'"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}
