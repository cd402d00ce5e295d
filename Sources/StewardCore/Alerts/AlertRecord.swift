/// An alert as the ledger keeps it (`alert.raised`): the occurrence and what became of it. The
/// digest is made from these.
public struct AlertRecord: Sendable, Hashable, Codable {
    /// The rule's id.
    public var rule: String
    /// The rule's event.
    public var event: String
    /// The rule's severity.
    public var severity: AlertRule.Severity
    /// The group it counted in.
    public var group: String
    /// The skill concerned, if one is.
    public var skill: String?
    /// The provider concerned, if one is.
    public var provider: String?
    /// What happened, in a sentence.
    public var summary: String
    /// Paged, folded, silenced, inhibited or kept for the digest.
    public var outcome: AlertGroup.Outcome
    /// For a page: the repeats folded into it since the group's previous page.
    public var repeats: Int
    /// The silence that matched, if one did.
    public var silence: String?
    /// The group of the alert that inhibited it, if one did.
    public var inhibitedBy: String?
    /// When it was raised.
    public var at: Timestamp
    /// The facts behind it.
    public var details: JSONValue

    /// The record of `alert` and its outcome.
    public init(_ alert: Alert, outcome: AlertGroup.Outcome, repeats: Int, silence: String?) {
        rule = alert.rule.id
        event = alert.rule.event
        severity = alert.rule.severity
        group = alert.groupKey
        skill = alert.skill
        provider = alert.provider
        summary = alert.summary
        self.outcome = outcome
        self.repeats = repeats
        self.silence = silence
        inhibitedBy = alert.inhibitedBy
        at = alert.at
        details = alert.details
    }
}
