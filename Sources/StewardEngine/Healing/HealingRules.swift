public import StewardCore

/// What the remediation loop decides by, prepared once from the configuration.
public struct HealingRules: Sendable {
    /// The configuration.
    public let configuration: StewardConfiguration
    /// Its revision, recorded on every entry.
    public let revision: String
    /// The compiled classifier.
    public let classifier: Classifier
    /// The compiled success criteria.
    public let criteria: SuccessCriteria
    /// The declared agents by tenant and name.
    public let agents: AgentDirectory

    /// Compiles the rules; the configuration loader has already checked that they compile.
    public init(configuration: StewardConfiguration, revision: String) throws(RuleCompileErrors) {
        self.configuration = configuration
        self.revision = revision
        classifier = try Classifier(configuration.classifier)
        criteria = try SuccessCriteria(configuration.playbooks)
        agents = AgentDirectory(configuration.agents)
    }

    /// The remediation settings.
    public var settings: RemediationSettings { configuration.remediation }

    /// The playbooks for a class, in configuration order.
    public func playbooks(for classification: Classification) -> [Playbook] {
        configuration.playbooks.filter { $0.classification == classification }
    }

    /// The declared agent, if any, of `tenant`.
    public func declaredAgent(_ name: String, tenant: String) -> AgentSpec? {
        agents.agent(named: name, tenant: tenant)
    }

    /// The rank of a domain in `AUTOREM_PRIORITY` (unlisted domains after, in declaration order).
    public func priorityRank(_ domain: Domain) -> Int {
        if let index = settings.priority.firstIndex(of: domain) { return index }
        return settings.priority.count + (Domain.allCases.firstIndex(of: domain) ?? 0)
    }
}

extension Playbook {
    /// Whether its steps hand the choice to the bandit (`selectByBandit`).
    var isBanditChoice: Bool { steps.contains { $0.primitive == .selectByBandit } }

    /// The playbooks its `selectByBandit` step chooses among, as written.
    var banditCandidates: [String] {
        guard case .array(let items)? = steps.first(where: { $0.primitive == .selectByBandit })?.args["candidates"] else { return [] }
        return items.compactMap(\.stringValue)
    }
}

