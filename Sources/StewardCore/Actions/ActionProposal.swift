/// An action someone wants run: an agent through `POST /v1/actions`, a schedule, an event, a
/// remediation step or a person. Every proposal takes the same path through the gate.
public struct ActionProposal: Sendable, Hashable, Codable {
    /// Its identifier (`act_...`).
    public var id: String
    /// The tenant it belongs to.
    public var tenant: String
    /// The agent that proposed it, or that it acts on.
    public var agent: String
    /// The account it concerns (a customer, a seller's book); nil for tenant-wide actions.
    public var account: String?
    /// The action type's name.
    public var type: String
    /// The action's arguments, passed to the executor as they are.
    public var params: JSONValue
    /// What started it.
    public var trigger: ProposalTrigger
    /// Impact points if it succeeds; nil takes the action type's.
    public var impactPoints: Double?
    /// How many accounts its effect reaches (blast radius).
    public var affectedAccounts: Int

    /// Creates a proposal.
    public init(
        id: String, tenant: String, agent: String, account: String? = nil, type: String, params: JSONValue = .object([:]),
        trigger: ProposalTrigger = .agent, impactPoints: Double? = nil, affectedAccounts: Int = 1
    ) {
        self.id = id
        self.tenant = tenant
        self.agent = agent
        self.account = account
        self.type = type
        self.params = params
        self.trigger = trigger
        self.impactPoints = impactPoints
        self.affectedAccounts = affectedAccounts
    }
}

/// What started a proposal.
public enum ProposalTrigger: String, Sendable, Hashable, Codable, CaseIterable {
    /// An agent proposed it.
    case agent
    /// A time-based ritual (morning brief, weekly review): runs only in scheduled mode with opt-in.
    case schedule
    /// An event (a signal, a lifecycle change): runs only in scheduled mode with opt-in.
    case event
    /// A step of a remediation playbook.
    case remediation
    /// A person asked for it.
    case person

    /// Whether it is an autonomous run that seed 003 §5.1 mode 4 governs.
    public var isAutonomousRun: Bool { self == .schedule || self == .event }
}
