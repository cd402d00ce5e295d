/// A person's answer to an escalation that runs a playbook, given while remediation was not
/// allowed (kill switch, `AUTO_REMEDIATE=false`): kept on the held incident and carried out, as
/// that person's attempt, when remediation is allowed again.
public struct HeldChoice: Sendable, Hashable, Codable {
    /// The playbook chosen.
    public var playbook: String
    /// The option it came with.
    public var option: String
    /// Who chose it.
    public var by: String
    /// The escalation it answered.
    public var escalation: String
    /// When.
    public var at: Timestamp

    /// Creates a held choice.
    public init(playbook: String, option: String, by: String, escalation: String, at: Timestamp) {
        self.playbook = playbook
        self.option = option
        self.by = by
        self.escalation = escalation
        self.at = at
    }
}
