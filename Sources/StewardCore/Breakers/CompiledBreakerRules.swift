import StewardExpr

/// The breaker rules, each condition compiled once when the configuration loads.
public struct CompiledBreakerRules: Sendable {
    /// One compiled rule.
    public struct Compiled: Sendable {
        /// The rule.
        public let rule: BreakerRule
        let program: ExprProgram
    }

    /// The rules, in configuration order.
    public let rules: [Compiled]

    /// Compiles `rules`; throws every rule's problems, each with the rule's position.
    public init(_ rules: [BreakerRule]) throws(RuleCompileErrors) {
        var compiled: [Compiled] = []
        var problems: [RuleCompileErrors.Problem] = []
        for (index, rule) in rules.enumerated() {
            do throws(ExprErrors) {
                compiled.append(Compiled(rule: rule, program: try ExprProgram(rule.condition, environment: BreakerVariables.environment, expecting: .bool)))
            } catch {
                problems.append(.init(index: index, name: rule.name, errors: error))
            }
        }
        guard problems.isEmpty else { throw RuleCompileErrors(problems: problems) }
        self.rules = compiled
    }

    /// The distinct window lengths the rules use.
    public var windows: Set<WindowDuration> { Set(rules.map(\.rule.window)) }

    /// The rule with identifier `id`.
    public func rule(_ id: String) -> BreakerRule? { rules.first { $0.rule.id == id }?.rule }

    /// Whether `compiled`'s condition holds for `variables` (an evaluation error counts as not holding).
    static func holds(_ compiled: Compiled, _ variables: BreakerVariables) -> Bool {
        (try? compiled.program.evaluateCondition(variables.activation())) ?? false
    }
}
