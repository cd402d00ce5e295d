import StewardCore
import StewardExpr

/// What a policy test may name that only the configuration under test declares: its tenants, its
/// policy's rules and its action types. Checked where each name is written, with the closest
/// declared name suggested, alongside every other problem of the file.
struct PolicyTestReferences {
    let tenants: [String]
    let rules: [String]
    let configuration: StewardConfiguration

    init(_ configuration: StewardConfiguration) {
        self.configuration = configuration
        tenants = configuration.tenants.map(\.id)
        rules = configuration.policy.rules.map(\.name)
    }

    /// Why `tenant` cannot be tested (the test would check another configuration's settings), or nil.
    func tenantProblem(_ tenant: String) -> String? {
        guard !tenants.contains(tenant) else { return nil }
        return "tenant '\(tenant)' is not declared in the configuration (tenants: \(tenants.joined(separator: ", ")))"
            + Suggestion.hint(for: tenant, among: tenants)
    }

    /// Why `rule` cannot be expected, or nil.
    func ruleProblem(_ rule: String) -> String? {
        guard !rules.contains(rule) else { return nil }
        return "the policy has no rule '\(rule)' (rules: \(rules.joined(separator: ", ")))" + Suggestion.hint(for: rule, among: rules)
    }

    /// Why `PUT /v1/autonomy` would refuse `name` in an autopilot scope, or nil.
    func scopeProblem(_ name: String) -> String? {
        guard let type = configuration.actionType(named: name) else {
            return "unknown action type '\(name)'" + Suggestion.hint(for: name, among: configuration.actionTypes.map(\.name))
        }
        return AutopilotScope.refusal(of: type)
    }
}
