/// A tenant declared in steward.yaml: a separate ledger chain, its own keys, its own agents.
public struct TenantSpec: Sendable, Hashable, Codable {
    /// The identifier used in API keys, ledger entries and `agents[].tenant`.
    public var id: String
    /// A name for people.
    public var name: String
    /// Its service tier, which scales the cost gate.
    public var tier: TenantTier

    /// Creates a tenant.
    public init(id: String, name: String, tier: TenantTier = .standard) {
        self.id = id
        self.name = name
        self.tier = tier
    }

    /// The tenant Steward creates on first start, and the one agents belong to unless they say otherwise.
    public static let `default` = TenantSpec(id: "default", name: "Default")
}
