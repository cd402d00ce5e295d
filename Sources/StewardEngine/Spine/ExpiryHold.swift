import StewardCore

/// Why an approval request that expires as approved may not run now, or nil when it may.
///
/// Expiring as approved runs the action with no person, so it is held to what holds autopilot:
/// the request is decided again as if its account were on autopilot with the type in scope
/// (`onExpiry: approve` is the operator's word for those two), and any other check that fails
/// holds it: the kill switch, an open breaker, a stored autonomy level, a medium-risk,
/// irreversible or non-idempotent type, an enforced policy rule that blocks it or asks for a
/// person (only the policy's default, no rule allowing it, is overridden), the account's autonomy
/// budget, the risk score (autopilot's share of the daily cap) and today's budget. High-risk and
/// external types never run without a person. The cost gate's deferrals do not apply: the request
/// has waited already.
enum ExpiryHold {
    static func reason(type: ActionType, input: GateInput, settings: GateSettings) -> String? {
        if type.neverAutonomous {
            return "\(type.name) is \(type.external ? "external" : "high-risk") and never runs without a person"
        }
        var alone = input
        alone.autonomy.tenantMode = .autopilot
        if alone.autonomy.accountMode != nil { alone.autonomy.accountMode = .autopilot }
        alone.autonomy.autopilotScope.insert(type.name)
        let decision = Gate.decide(alone, settings: settings)
        let held = decision.checks.first { check in
            switch check.name {
            case .costGate: false
            case .policy: !check.passed && check.reason != "NO_POLICY_ALLOWS"
            default: !check.passed
            }
        }
        return held.map { "\($0.reason): \($0.detail)" }
    }
}
