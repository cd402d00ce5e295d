public import StewardCore

/// Which policy rules a run of policy tests reached, as `opa test --coverage` tells which lines
/// ran: a rule no test decided (or, in warn or audit mode, matched) is a rule nobody has tested.
public struct PolicyCoverage: Sendable {
    /// One rule and the tests it decided or matched in.
    public struct Rule: Sendable {
        /// The rule's name.
        public var name: String
        /// Its mode (`enforce`, `warn`, `audit`).
        public var mode: RuleMode
        /// The tests it decided (enforce) or matched in (warn, audit), in run order.
        public var tests: [String]
    }

    /// Every rule of the policy, in its order.
    public let rules: [Rule]

    /// The coverage of `results` over `policy`.
    public init(_ results: [PolicyTestResult], policy: [PolicyRule]) {
        rules = policy.enumerated().map { index, rule in
            let clause = "policy.rules[\(index)] (\(rule.name))"
            let tests = results.filter { result in
                guard let decision = result.decision else { return false }
                return rule.mode == .enforce
                    ? decision.policyClause == clause
                    : (decision.warnings + decision.audits).contains { $0.rule == rule.name && $0.reason != "POLICY_ERROR" }
            }.map(\.test.name)
            return Rule(name: rule.name, mode: rule.mode, tests: tests)
        }
    }

    /// The rules no test reached.
    public var untested: [String] { rules.filter(\.tests.isEmpty).map(\.name) }

    /// A line per rule, then the untested ones.
    public var text: String {
        var lines = ["coverage (tests each rule decided, or matched in for warn/audit):"]
        for rule in rules { lines.append("  \(rule.name) [\(rule.mode.rawValue)]: \(rule.tests.count)") }
        lines.append(untested.isEmpty ? "every rule is reached by a test" : "not reached by any test: \(untested.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }

    /// `{rules: [{name, mode, tests}], untested}`.
    public var json: JSONValue {
        [
            "rules": .array(rules.map { ["name": .string($0.name), "mode": .string($0.mode.rawValue), "tests": .array($0.tests.map(JSONValue.string))] }),
            "untested": .array(untested.map(JSONValue.string)),
        ]
    }
}
