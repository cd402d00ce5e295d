/// One action as the daily digest shows it: what, who, when, why, and how it turned out.
public struct DigestItem: Sendable, Hashable, Codable {
    /// The action's id.
    public var actionID: String
    /// The action type's name.
    public var type: String
    /// The agent that proposed it.
    public var agent: String
    /// Where it stands (an ``ActionStatus`` raw value).
    public var status: String
    /// When the gate made its latest decision about it.
    public var at: Timestamp
    /// The gate's reason code.
    public var reason: String
    /// The gate's sentence for a person.
    public var explanation: String
    /// The latest outcome label, if any arrived.
    public var outcome: OutcomeLabel?
    /// For a deferred action: when the gate looks at it again.
    public var deferUntil: Timestamp?

    /// Creates an item.
    public init(
        actionID: String, type: String, agent: String, status: String, at: Timestamp, reason: String, explanation: String,
        outcome: OutcomeLabel?, deferUntil: Timestamp? = nil
    ) {
        self.actionID = actionID
        self.type = type
        self.agent = agent
        self.status = status
        self.at = at
        self.reason = reason
        self.explanation = explanation
        self.outcome = outcome
        self.deferUntil = deferUntil
    }

    /// The item for `record`, timed by its latest gate decision.
    public init(record: ActionRecord) {
        self.init(
            actionID: record.proposal.id, type: record.proposal.type, agent: record.proposal.agent,
            status: record.status.rawValue, at: record.decision.decidedAt, reason: record.decision.reason,
            explanation: record.decision.explanation, outcome: record.outcomes.last?.label,
            deferUntil: record.status == .deferred ? record.decision.deferUntil : nil)
    }

    /// The item for an action the gate held for a person that then ran, timed by its execution's
    /// start and saying who let it run: the approvers, or the request's expiry.
    public init(ran record: ActionRecord) {
        self.init(record: record)
        guard let execution = record.execution else { return }
        at = execution.startedAt
        let held = record.decision.explanation
        if record.approvals.isEmpty {
            explanation = "Ran when its approval request expired unanswered, as \(record.proposal.type) does on expiry. Held for a person because: \(held)"
        } else {
            let people = record.approvals.map(\.by).joined(separator: " and ")
            explanation = "Approved by \(people)\(record.editedParams == nil ? "" : " with edits") and run. Held for a person because: \(held)"
        }
    }

    /// Digest order: by time, then by id so that equal times print the same way every day.
    static func inOrder(_ a: DigestItem, _ b: DigestItem) -> Bool {
        a.at != b.at ? a.at < b.at : a.actionID < b.actionID
    }
}
