import StewardCore

/// Why an approval request that expires as approved may not run now, or nil when it may.
///
/// Expiring as approved runs the action with no person, so the gate's invariants for running
/// alone hold here too: never a high-risk or external type, nothing while the kill switch is
/// engaged, nothing an open breaker covers, nothing the autonomy level holds for people, nothing
/// an enforced policy rule blocks or holds for a person (a rule is an operator's explicit word;
/// only the policy's default, no rule allowing it, is what expiring as approved overrides), and
/// nothing today's budget cannot pay for.
enum ExpiryHold {
    static func reason(type: ActionType, input: GateInput, settings: GateSettings) -> String? {
        if type.neverAutonomous {
            return "\(type.name) is \(type.external ? "external" : "high-risk") and never runs without a person"
        }
        let decision = Gate.decide(input, settings: settings)
        let held = decision.checks.first { check in
            switch check.name {
            case .killSwitch, .breakers: !check.passed
            case .autonomy: check.reason.hasPrefix("AUTONOMY_LEVEL")
            case .policy: !check.passed && check.reason != "NO_POLICY_ALLOWS"
            default: false
            }
        }
        if let held { return "\(held.reason): \(held.detail)" }
        if type.costUsd > input.budget.tenantRemainingUsd + 1e-9 {
            return "today's budget cannot pay for it"
        }
        return nil
    }
}
