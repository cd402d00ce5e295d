import StewardCore

/// The rule the autopilot scope shares everywhere it is set: in steward.yaml, through the API and
/// in a policy test's assumptions.
enum AutopilotScope {
    /// Why `type` cannot be in an autopilot scope, or nil. The gate never runs these alone, so in
    /// the scope they would only mislead whoever audits it.
    static func refusal(of type: ActionType) -> String? {
        guard type.neverAutonomous else { return nil }
        return "'\(type.name)' is \(type.external ? "external" : "high-risk") and never runs without a person, so it cannot be in the autopilot scope"
    }
}
