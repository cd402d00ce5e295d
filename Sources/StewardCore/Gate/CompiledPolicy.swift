public import StewardExpr

/// The policy rules of a configuration, each parsed, type-checked and compiled once.
public struct CompiledPolicy: Sendable {
    /// One rule with its program.
    public struct Rule: Sendable {
        /// The rule as configured.
        public let rule: PolicyRule
        /// Its position in `policy.rules`, for the clause a decision cites.
        public let index: Int
        /// The compiled condition.
        public let program: ExprProgram
        /// The clause a decision cites: `policy.rules[2] (block-big-discounts)`. Built once here,
        /// not per decision.
        public let clause: String

        init(rule: PolicyRule, index: Int, program: ExprProgram) {
            self.rule = rule
            self.index = index
            self.program = program
            clause = "policy.rules[\(index)] (\(rule.name))"
        }
    }

    /// The rules in configuration order.
    public let rules: [Rule]
    /// Whether any rule may read `action.params`; when none does, a decision skips converting the
    /// proposal's parameters. A rule can only name the variable by spelling it, so a condition
    /// without the word `params` cannot read it.
    let readsParams: Bool

    /// Compiles `rules`; throws every rule's problems, each naming the rule.
    public init(_ rules: [PolicyRule]) throws(PolicyCompileErrors) {
        var compiled: [Rule] = []
        var problems: [PolicyCompileErrors.Problem] = []
        for (index, rule) in rules.enumerated() {
            do throws(ExprErrors) {
                let program = try ExprProgram(rule.condition, environment: PolicyInput.environment, expecting: .bool)
                compiled.append(Rule(rule: rule, index: index, program: program))
            } catch {
                problems.append(.init(index: index, rule: rule.name, errors: error))
            }
        }
        guard problems.isEmpty else { throw PolicyCompileErrors(problems: problems) }
        self.init(uncheckedRules: compiled)
    }

    /// A policy without rules.
    public static let empty = CompiledPolicy(uncheckedRules: [])

    private init(uncheckedRules: [Rule]) {
        rules = uncheckedRules
        readsParams = uncheckedRules.contains { $0.rule.condition.contains("params") }
    }
}

/// Rules whose conditions do not compile.
public struct PolicyCompileErrors: Error, Sendable, CustomStringConvertible {
    /// One rule's problems.
    public struct Problem: Sendable {
        /// Its position in `policy.rules`.
        public let index: Int
        /// Its name.
        public let rule: String
        /// What is wrong with its condition.
        public let errors: ExprErrors
    }

    /// Every failing rule.
    public let problems: [Problem]

    /// One block per rule.
    public var description: String {
        problems.map { "policy.rules[\($0.index)] (\($0.rule)): \($0.errors)" }.joined(separator: "\n")
    }
}
