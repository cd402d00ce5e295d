/// The incident report drafted for an incident attributed to an autonomous action (seed 002,
/// `templates/incident-report.md`): what the ledger knows filled in, the rest marked for a person.
public enum IncidentReportTemplate {
    /// A breaker's response to the incident, for the timeline.
    public struct BreakerStep: Sendable, Hashable, Codable {
        /// When it acted.
        public var at: Timestamp
        /// The breaker's name.
        public var breaker: String
        /// What it did, e.g. "reverted the tenant to L3".
        public var effect: String

        /// Creates a step.
        public init(at: Timestamp, breaker: String, effect: String) {
            self.at = at
            self.breaker = breaker
            self.effect = effect
        }
    }

    /// What a person still has to write.
    static let toComplete = "_To be completed._"

    /// The report as Markdown: title, timeline, attribution, impact, breaker actions and a
    /// follow-up checklist. Free text is escaped like the governance report's.
    public static func markdown(
        attribution a: IncidentAttribution, tenant: String, draftedAt: Timestamp, impact: String? = nil,
        breakerSteps: [BreakerStep] = []
    ) -> String {
        let text = GovernanceText.markdown
        let type = a.actionType ?? "unknown type"
        var timeline: [(Timestamp, String)] = [
            (a.executedAt, "Autonomous action \(a.action) (\(type)) executed on agent \(a.agent)"),
            (a.openedAt, "Incident \(a.incident) opened on agent \(a.agent), \(GovernanceText.minutes(a.minutesAfter)) later"),
        ]
        timeline += breakerSteps.map { ($0.at, "Breaker \($0.breaker) \($0.effect)") }
        // Stable by time, so events at the same instant keep the order they happened in.
        let ordered = timeline.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)

        var lines = [
            "# Incident report: \(text(a.incident)) (\(text(a.severity ?? "severity unknown")))",
            "",
            "Tenant \(text(tenant)), agent \(text(a.agent)). Drafted \(draftedAt.rfc3339) from the ledger; "
                + "parts marked _to be completed_ need a person.",
            "", "## Timeline (UTC)", "", "| Time | Event |", "| --- | --- |",
        ]
        lines += ordered.map { "| \($0.0.rfc3339) | \(text($0.1)) |" }
        lines += [
            "", "## Attribution", "", text(a.explanation), "",
            "Attributed by timing and the affected agent; confirm it against the action's audit trail "
                + "(GET /v1/actions/\(text(a.action))) before closing.",
            "", "## Impact", "", impact.map(text) ?? "\(toComplete) Accounts affected, what customers saw, cost.",
            "", "## Breaker actions taken", "",
        ]
        lines += breakerSteps.isEmpty
            ? ["No breaker acted on this incident."]
            : breakerSteps.map { "- \($0.at.rfc3339): \(text($0.breaker)) \(text($0.effect))" }
        lines += [
            "", "## Follow-ups", "",
            "- [ ] Confirm or reject the attribution against the action's audit trail",
            "- [ ] Decide whether \(text(type)) stays in the autopilot scope",
            "- [ ] Add or tune a circuit-breaker rule that would have caught this sooner",
            "- [ ] Add an eval case that reproduces the failure",
            "- [ ] Update the runbook for \(text(type))",
            "- [ ] Review the report with the tech lead and the ops lead",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
