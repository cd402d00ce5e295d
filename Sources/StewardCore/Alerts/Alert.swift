/// One occurrence of an alert rule: what happened, to which skill or provider, and when.
public struct Alert: Sendable, Hashable {
    /// The rule it falls under.
    public var rule: AlertRule
    /// The tenant.
    public var tenant: String
    /// The skill concerned, if one is.
    public var skill: String?
    /// The provider concerned, if one is (quota alerts).
    public var provider: String?
    /// What happened and what to look at, in a sentence.
    public var summary: String
    /// The facts behind it.
    public var details: JSONValue
    /// When it was raised.
    public var at: Timestamp
    /// The group of a firing alert of a broader cause that explains this one (a vendor outage
    /// behind a skill's failures): it is recorded, not paged on its own.
    public var inhibitedBy: String?

    /// An alert.
    public init(
        rule: AlertRule, tenant: String, skill: String? = nil, provider: String? = nil, summary: String, details: JSONValue = .object([:]), at: Timestamp,
        inhibitedBy: String? = nil
    ) {
        self.inhibitedBy = inhibitedBy
        self.rule = rule
        self.tenant = tenant
        self.skill = skill
        self.provider = provider
        self.summary = summary
        self.details = details
        self.at = at
    }

    /// Alerts with the same key share one cause: they page once per interval (tenant, rule, and
    /// the skill or provider).
    public var groupKey: String { Self.groupKey(tenant: tenant, rule: rule, skill: skill, provider: provider) }

    /// The group key of `rule`'s alerts about `skill` (or `provider`) in `tenant`.
    public static func groupKey(tenant: String, rule: AlertRule, skill: String? = nil, provider: String? = nil) -> String {
        [tenant, rule.id, skill ?? provider ?? "*"].joined(separator: "|")
    }
}
