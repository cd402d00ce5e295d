/// Why an incident counts as caused by an autonomous action (seed 002 open question 1): it opened on
/// the agent an autopilot execution had just acted on, soon after it, as the action audit trail shows.
public struct IncidentAttribution: Sendable, Hashable, Codable {
    /// The incident's id.
    public var incident: String
    /// The agent the incident and the action concern.
    public var agent: String
    /// The incident's severity (`critical`, `high`, `medium`, `low`); nil when the entry had none.
    public var severity: String?
    /// The autonomous action it is attributed to.
    public var action: String
    /// That action's type; nil when the ledger never named it.
    public var actionType: String?
    /// When the action was executed.
    public var executedAt: Timestamp
    /// When the incident was opened.
    public var openedAt: Timestamp
    /// Minutes from the execution to the incident.
    public var minutesAfter: Double
    /// A sentence naming the action, its type, the agent and the minutes between.
    public var explanation: String

    /// Creates an attribution; the explanation is written from the other fields.
    public init(
        incident: String, agent: String, severity: String?, action: String, actionType: String?, executedAt: Timestamp,
        openedAt: Timestamp, windowMinutes: Int
    ) {
        self.incident = incident
        self.agent = agent
        self.severity = severity
        self.action = action
        self.actionType = actionType
        self.executedAt = executedAt
        self.openedAt = openedAt
        minutesAfter = Double(openedAt.milliseconds(since: executedAt)) / 60_000
        let severityText = severity.map { "\($0) " } ?? ""
        explanation = "The \(severityText)incident \(incident) on agent \(agent) opened "
            + "\(GovernanceText.minutes(minutesAfter)) after the autonomous action \(action) "
            + "(\(actionType ?? "type unknown")) executed on that agent, within the \(windowMinutes)-minute attribution window."
    }

    /// Whether the incident was critical.
    public var isCritical: Bool { severity?.lowercased() == "critical" }
}
