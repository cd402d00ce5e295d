import StewardCore

/// Which keys may say what started a proposal. The cost gate lets a `person`-triggered proposal
/// through whatever is open, and `remediation` spends Steward's own budget in its own mode, so
/// an agent key claiming either would decide its own gate.
///
/// - `agent`, `schedule`, `event`: any key.
/// - `person`: operator and admin keys (people).
/// - `remediation`: no key; only Steward's remediation loop proposes steps.
enum TriggerPermission {
    /// Refuses with 403, naming `trigger`, when the key's role may not claim `trigger`.
    static func require(_ trigger: ProposalTrigger, for principal: Principal) throws(Problem) {
        switch trigger {
        case .agent, .schedule, .event:
            return
        case .person where principal.role.includes(.operator):
            return
        case .person:
            throw .forbidden(
                "only a person's key (operator or admin) may propose with trigger 'person'; key '\(principal.keyID)' has the \(principal.role.rawValue) role",
                errors: [.init(field: "trigger", reason: "'person' needs the operator or admin role")])
        case .remediation:
            throw .forbidden(
                "trigger 'remediation' is reserved for Steward's own remediation steps; no API key may claim it",
                errors: [.init(field: "trigger", reason: "'remediation' is reserved for Steward")])
        }
    }
}
