public import StewardCore

/// The rules the spine decides by, prepared once from the configuration: action types by name,
/// the compiled policy and the gate's settings.
public struct SpineRules: Sendable {
    /// The configuration.
    public let configuration: StewardConfiguration
    /// Its revision, recorded on every entry.
    public let revision: String
    /// The gate's settings (with the compiled policy).
    public let gate: GateSettings
    /// Action types by name.
    public let types: [String: ActionType]
    /// The declared agents by tenant and name.
    public let agents: AgentDirectory

    /// Prepares the rules; throws when a policy rule does not compile.
    public init(configuration: StewardConfiguration, revision: String) throws(PolicyCompileErrors) {
        self.configuration = configuration
        self.revision = revision
        let remediation = configuration.remediation
        gate = GateSettings(
            configRevision: revision, policy: try CompiledPolicy(configuration.policy.rules),
            riskThreshold: remediation.riskHitlThreshold, maxEscalationsPerDay: remediation.maxEscalationsPerDay,
            values: remediation.values, costGate: configuration.autonomy.costGate)
        types = Dictionary(configuration.actionTypes.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        agents = AgentDirectory(configuration.agents)
    }

    /// The executor that carries out `type` for `agent` of `tenant`: an `agent` executor resolves
    /// to the agent's own (`record` when it declares none or is not declared for that tenant).
    public func executor(of type: ActionType, agent: String, tenant: String) -> ExecutorSpec {
        guard case .agent = type.executor else { return type.executor }
        let own = agents.agent(named: agent, tenant: tenant)?.executor ?? .record
        if case .agent = own { return .record }
        return own
    }

    /// The tenant's autonomy before the API changed anything.
    public func defaultAutonomy() -> TenantAutonomy {
        .configured(configuration.autonomy)
    }

    /// The tenant's tier.
    public func tier(of tenant: String) -> TenantTier {
        configuration.tenants.first { $0.id == tenant }?.tier ?? .standard
    }

    /// An account's settings from the configuration, if it has any.
    public func configuredAccount(_ account: String, tenant: String) -> AccountAutonomy? {
        configuration.autonomy.accounts.first { $0.id == account && $0.tenant == tenant }
    }
}
