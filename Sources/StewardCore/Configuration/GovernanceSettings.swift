/// Breakers, readiness and scope proposals (seed 002).
public struct GovernanceSettings: Sendable, Hashable, Codable {
    /// The circuit-breaker rules; the four of seed 002 unless configured.
    public var breakers: [BreakerRule]
    /// A breaker that trips again within this many seconds of its last alert does not page again.
    public var alertGroupSeconds: Int
    /// How long an attestation of a readiness item holds, in days.
    public var attestationDays: Int
    /// How long a scope-expansion proposal waits for its approvals, in days.
    public var proposalDays: Int
    /// The validation period a proposal asks for, in days.
    public var validationDays: Int
    /// The roles that must approve a scope expansion, one distinct person each.
    public var requiredApprovals: [String]
    /// Who holds each governance role: role → API key names.
    public var approvers: [String: [String]]
    /// How long after an autonomous execution an incident on the same agent is attributed to it.
    public var attributionMinutes: Int
    /// The weekly cycle's day (1 = Monday … 7 = Sunday) and hour, in UTC.
    public var cycleWeekday: Int
    /// The weekly cycle's hour, in UTC.
    public var cycleHourUTC: Int

    /// Creates governance settings.
    public init(
        breakers: [BreakerRule] = BreakerRule.seedRules, alertGroupSeconds: Int = 300, attestationDays: Int = 90, proposalDays: Int = 7,
        validationDays: Int = 14, requiredApprovals: [String] = ["tech-lead", "ops-lead"], approvers: [String: [String]] = [:],
        attributionMinutes: Int = 30, cycleWeekday: Int = 1, cycleHourUTC: Int = 9
    ) {
        self.breakers = breakers
        self.alertGroupSeconds = alertGroupSeconds
        self.attestationDays = attestationDays
        self.proposalDays = proposalDays
        self.validationDays = validationDays
        self.requiredApprovals = requiredApprovals
        self.approvers = approvers
        self.attributionMinutes = attributionMinutes
        self.cycleWeekday = cycleWeekday
        self.cycleHourUTC = cycleHourUTC
    }

    private enum CodingKeys: String, CodingKey {
        case breakers, alertGroupSeconds, attestationDays, proposalDays, validationDays, requiredApprovals, approvers, attributionMinutes
        case cycleWeekday, cycleHourUTC = "cycleHourUtc"
    }

    /// The shipped settings.
    public static let `default` = GovernanceSettings()

    /// The governance roles tenant `tenant`'s key named `name` holds: listed as `tenant/name`, or
    /// as `name` alone (which configuration checks allow only while one tenant is declared, since
    /// key names are unique only within a tenant).
    public func roles(of name: String, tenant: String) -> Set<String> {
        let qualified = "\(tenant)/\(name)"
        return Set(approvers.compactMap { role, names in names.contains(name) || names.contains(qualified) ? role : nil })
    }
}
