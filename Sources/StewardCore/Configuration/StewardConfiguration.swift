/// Everything steward.yaml and the environment decide, as typed values.
///
/// Produced by the StewardConfig loader, which validates it; Core code can rely on its names
/// being unique and its references resolving. Encodable so that its canonical JSON, hashed, is
/// the configuration's revision.
public struct StewardConfiguration: Sendable, Hashable, Codable {
    /// Where the server listens and keeps its data.
    public var server: ServerSettings
    /// The tenants; at least one.
    public var tenants: [TenantSpec]
    /// The data sources with their freshness contracts.
    public var sources: [SourceSpec]
    /// The agents of the fleet.
    public var agents: [AgentSpec]
    /// How Steward heals agents.
    public var remediation: RemediationSettings
    /// The action types agents may propose.
    public var actionTypes: [ActionType]
    /// The policy of the gate.
    public var policy: PolicySettings
    /// The incident classifier's rules, in order.
    public var classifier: [ClassifierRule]
    /// The remediation playbooks.
    public var playbooks: [Playbook]
    /// Autonomy modes, scope, budgets and the cost gate.
    public var autonomy: AutonomySettings
    /// Where notifications go.
    public var notifications: NotificationSettings
    /// Circuit breakers, readiness and scope proposals.
    public var governance: GovernanceSettings
    /// Execution telemetry: prices, skills, baselines, anomalies.
    public var telemetry: TelemetrySettings

    /// Creates a configuration; every part defaults to what Steward uses without a file.
    public init(
        server: ServerSettings = .default,
        tenants: [TenantSpec] = [.default],
        sources: [SourceSpec] = SourceSpec.seedSources,
        agents: [AgentSpec] = [],
        remediation: RemediationSettings = .default,
        actionTypes: [ActionType] = ActionType.seedTypes + ActionType.remediationTypes(costs: RemediationSettings.default.costs),
        policy: PolicySettings = .default,
        classifier: [ClassifierRule] = ClassifierRule.seedRules,
        playbooks: [Playbook] = Playbook.seedPlaybooks,
        autonomy: AutonomySettings = .default,
        notifications: NotificationSettings = .default,
        governance: GovernanceSettings = .default,
        telemetry: TelemetrySettings = .default
    ) {
        self.server = server
        self.tenants = tenants
        self.sources = sources
        self.agents = agents
        self.remediation = remediation
        self.actionTypes = actionTypes
        self.policy = policy
        self.classifier = classifier
        self.playbooks = playbooks
        self.autonomy = autonomy
        self.notifications = notifications
        self.governance = governance
        self.telemetry = telemetry
    }

    /// The configuration without a file and without environment variables.
    public static let `default` = StewardConfiguration()

    /// Why a signal or proposal of `agent` in `tenant` is refused while auto-registration is off:
    /// an agent declared for another tenant is named as such (a key of the wrong tenant, most likely).
    public func undeclaredAgentReason(_ agent: String, tenant: String) -> String {
        let elsewhere = agents.filter { $0.name == agent && $0.tenant != tenant }.map { "'\($0.tenant)'" }
        let declared = elsewhere.isEmpty
            ? "is not declared in steward.yaml"
            : "is declared in steward.yaml for tenant \(elsewhere.joined(separator: ", ")), not '\(tenant)',"
        return "agent '\(agent)' \(declared) and auto-registration is off (remediation.signals.autoRegister)"
    }

    /// The action type named `name`, if declared.
    public func actionType(named name: String) -> ActionType? {
        actionTypes.first { $0.name == name }
    }

    /// The playbook named `name`, if declared.
    public func playbook(named name: String) -> Playbook? {
        playbooks.first { $0.name == name }
    }

    /// The source named `name`, if declared.
    public func source(named name: String) -> SourceSpec? {
        sources.first { $0.name == name }
    }
}
