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

    /// A principal.
    public init(tenant: String, role: Role, keyID: String, name: String) {
        self.tenant = tenant
        self.role = role
        self.keyID = keyID
        self.name = name
    }

    /// How ledger entries name this principal as their actor.
    public var actor: String { "key:\(keyID)" }
}
