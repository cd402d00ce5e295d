/// What a key may do. The roles that change things are linear, admin ⊃ operator ⊃ agent; the
/// auditor reads what an operator may read and changes nothing, so the roles are not one ladder
/// (an auditor may not do an agent's writes, an agent may not read the ledger).
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    /// An agent: reports signals and executions, proposes actions.
    case agent
    /// A person who reads and checks (compliance, audit): every read an operator has, no writes.
    case auditor
    /// A person running the fleet: approves, rejects, resolves escalations.
    case `operator`
    /// A person governing Steward: changes modes, budgets, the kill switch, keys.
    case admin

    /// How far this role reads: the auditor reads as far as an operator.
    private var readRank: Int {
        switch self {
        case .agent: 0
        case .auditor, .operator: 1
        case .admin: 2
        }
    }

    /// How far this role changes things; nil for the auditor, who changes nothing.
    private var writeRank: Int? {
        switch self {
        case .auditor: nil
        case .agent, .operator, .admin: readRank
        }
    }

    /// Whether this role may do, for `access`, what needs `role`.
    public func permits(_ role: Role, for access: Access) -> Bool {
        switch access {
        case .read:
            return readRank >= role.readRank
        case .write:
            guard let mine = writeRank, let needed = role.writeRank else { return false }
            return mine >= needed
        }
    }

    /// Whether this role may do everything `other` may: read what it reads, change what it changes.
    public func includes(_ other: Role) -> Bool {
        permits(other, for: .read) && (other.writeRank == nil || permits(other, for: .write))
    }

    /// Whether this is a person's role (signs in to the Control Center, may claim trigger `person`).
    public var isPerson: Bool { permits(.operator, for: .read) }

    /// The roles as a sentence's list: "agent, auditor, operator or admin".
    public static var spelled: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }
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

    /// Whether this key may report, propose and read as `agent`: people's keys and unbound agent
    /// keys speak for any agent of the tenant, a bound agent key only for its own.
    public func speaks(for agent: String) -> Bool {
        guard role == .agent, let agents else { return true }
        return agents.contains(agent)
    }

    /// The agents whose data this key may read: a bound agent key's own; nil for any of the tenant's.
    public var boundAgents: [String]? { role == .agent ? agents : nil }

    /// The sentence a refusal gives when this key does not speak for `agent`.
    public func bindingRefusal(_ agent: String) -> String {
        let bound = (agents ?? []).map { "'\($0)'" }.joined(separator: ", ")
        return "key '\(keyID)' speaks only for agent \(bound), not '\(agent)'"
    }
}
