/// What a key may do. Each role includes the ones below it: admin ⊃ operator ⊃ agent.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// An agent: reports signals and executions, proposes actions.
    case agent
    /// A person running the fleet: approves, rejects, resolves escalations.
    case `operator`
    /// A person governing Steward: changes modes, budgets, the kill switch, keys.
    case admin

    private var rank: Int {
        switch self {
        case .agent: 0
        case .operator: 1
        case .admin: 2
        }
    }

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }

    /// Whether this role includes the powers of `other`.
    public func includes(_ other: Role) -> Bool { self >= other }
}

/// Who is making a request: the tenant and role of the key that signed it.
public struct Principal: Sendable, Hashable, Codable {
    /// The tenant whose data the key may see and change; never any other.
    public var tenant: String
    /// What the key may do.
    public var role: Role
    /// The key's public identifier, recorded as the actor of what it causes.
    public var keyID: String
    /// A human label for the key (e.g. "ops-oncall", "CRO agent").
    public var name: String
    /// The agents an agent key is bound to; nil means any agent of the tenant.
    public var agents: [String]?

    /// A principal.
    public init(tenant: String, role: Role, keyID: String, name: String, agents: [String]? = nil) {
        self.tenant = tenant
        self.role = role
        self.keyID = keyID
        self.name = name
        self.agents = agents
    }

    /// How ledger entries name this principal as their actor.
    public var actor: String { "key:\(keyID)" }

    /// Whether this key may report and propose as `agent`: people's keys and unbound agent keys
    /// speak for any agent of the tenant, a bound agent key only for its own.
    public func speaks(for agent: String) -> Bool {
        guard role == .agent, let agents else { return true }
        return agents.contains(agent)
    }

    /// The sentence a refusal gives when this key does not speak for `agent`.
    public func bindingRefusal(_ agent: String) -> String {
        let bound = (agents ?? []).map { "'\($0)'" }.joined(separator: ", ")
        return "key '\(keyID)' speaks only for agent \(bound), not '\(agent)'"
    }
}
