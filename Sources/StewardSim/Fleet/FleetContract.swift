public import StewardCore

/// One agent of the simulated fleet, as the configuration declares it.
public struct SimAgentSpec: Sendable, Hashable, Codable {
    /// Its name.
    public var name: String
    /// Its domain.
    public var domain: Domain
    /// The data sources it reads.
    public var dependencies: [String]
    /// Its concurrency slots.
    public var slots: Int

    /// Creates an agent spec.
    public init(name: String, domain: Domain, dependencies: [String] = [], slots: Int = 4) {
        self.name = name
        self.domain = domain
        self.dependencies = dependencies
        self.slots = slots
    }
}

/// What a simulated agent does at a moment: report its status, or propose an action.
public enum FleetEvent: Sendable, Hashable {
    /// A status signal for `POST /v1/signals`.
    case signal(StatusSignal)
    /// An action the agent proposes (seed 003's action types).
    case proposal(FleetProposal)
}

/// An action a simulated agent proposes.
public struct FleetProposal: Sendable, Hashable {
    /// The proposing agent.
    public var agent: String
    /// The action type.
    public var type: String
    /// The account it is for.
    public var account: String
    /// Its parameters.
    public var params: JSONValue

    /// Creates a proposal.
    public init(agent: String, type: String, account: String, params: JSONValue) {
        self.agent = agent
        self.type = type
        self.account = account
        self.params = params
    }
}

/// A remediation step Steward dispatched to a simulated agent.
public struct FleetStep: Sendable, Hashable {
    /// The action's id.
    public var actionID: String
    /// The agent.
    public var agent: String
    /// The action type: a `Primitive` raw value, or `applyAllocation`.
    public var type: String
    /// The step's parameters.
    public var params: JSONValue

    /// Creates a step.
    public init(actionID: String, agent: String, type: String, params: JSONValue) {
        self.actionID = actionID
        self.agent = agent
        self.type = type
        self.params = params
    }
}

/// How a simulated agent answered a step.
public struct FleetStepResult: Sendable, Hashable {
    /// Whether the operation itself succeeded (not whether it fixed anything).
    public var succeeded: Bool
    /// What happened, in a sentence.
    public var detail: String

    /// Creates a result.
    public init(succeeded: Bool, detail: String) {
        self.succeeded = succeeded
        self.detail = detail
    }
}

/// The truth about an agent's current fault, for scoring Steward against it.
public struct FaultTruth: Sendable, Hashable, Codable {
    /// The fault's kind, e.g. `timeout`, `missing_secret`.
    public var kind: String
    /// The class a perfect classifier would give it (nil for faults of no class, such as unfixable ones).
    public var trueClass: Classification?
    /// The primitives that truly fix it (empty when nothing Steward can do fixes it).
    public var trueFix: Set<Primitive>
    /// When it started.
    public var startedAt: Timestamp
    /// Whether its signals report an error code pointing at a wrong class (hostile scenarios).
    public var misleading: Bool

    /// Creates a truth.
    public init(kind: String, trueClass: Classification?, trueFix: Set<Primitive>, startedAt: Timestamp, misleading: Bool = false) {
        self.kind = kind
        self.trueClass = trueClass
        self.trueFix = trueFix
        self.startedAt = startedAt
        self.misleading = misleading
    }

    /// Whether any remediation can fix it.
    public var fixable: Bool { !trueFix.isEmpty }
}
