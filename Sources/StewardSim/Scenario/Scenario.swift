import StewardCore

/// A simulated fleet and the faults it suffers, as a file in `examples/scenarios/` declares it.
public struct Scenario: Sendable, Hashable {
    /// The scenario's name.
    public var name: String
    /// The agents: the seed fleet (or the file's own list) followed by the generated ones.
    public var agents: [SimAgentSpec]
    /// The source names the agents depend on: seed sources (`SourceSpec.seedSources`).
    public var sources: [String]
    /// How often each agent reports its status, in seconds.
    public var signalIntervalSeconds: Int
    /// Business action proposals (seed 003's action types) per agent per hour.
    public var proposalsPerAgentPerHour: Double
    /// The share of proposals of a high-risk type.
    public var highRiskProposalShare: Double
    /// The chance that a business action of a healthy agent fails when executed.
    public var actionFailureRate: Double
    /// The chance that a business action of an agent with a fault fails when executed.
    public var faultyActionFailureRate: Double
    /// Minutes after which a person has fixed a fault that nothing else ended.
    public var manualFixMinutes: Double
    /// A source refreshes by itself every `sourceRefreshFactor` × its freshness target.
    public var sourceRefreshFactor: Double
    /// The work in one directive, in slot-minutes (a slot does one a minute while its agent is well).
    public var directiveSlotMinutes: Double
    /// The share of its work an agent gets done while a fault leaves it degraded (none while it fails).
    public var degradedWorkShare: Double
    /// Every fault kind's parameters.
    public var faults: [FaultKind: FaultParameters]
    /// Events at fixed moments, whatever the draws (the demo's opening).
    public var opening: [ScriptedEvent] = []

    /// Creates a scenario; what is left out takes the defaults of docs/simulation.md.
    public init(
        name: String, agents: [SimAgentSpec] = Scenario.seedFleet, sources: [String] = Scenario.seedSourceNames,
        signalIntervalSeconds: Int = 60, proposalsPerAgentPerHour: Double = 2, highRiskProposalShare: Double = 0.2,
        actionFailureRate: Double = 0.02, faultyActionFailureRate: Double = 0.5, manualFixMinutes: Double = 240,
        sourceRefreshFactor: Double = 2, directiveSlotMinutes: Double = 120, degradedWorkShare: Double = 0.5, faults: [FaultKind: FaultParameters] = FaultParameters.defaults
    ) {
        self.name = name
        self.agents = agents
        self.sources = sources
        self.signalIntervalSeconds = signalIntervalSeconds
        self.proposalsPerAgentPerHour = proposalsPerAgentPerHour
        self.highRiskProposalShare = highRiskProposalShare
        self.actionFailureRate = actionFailureRate
        self.faultyActionFailureRate = faultyActionFailureRate
        self.manualFixMinutes = manualFixMinutes
        self.sourceRefreshFactor = sourceRefreshFactor
        self.directiveSlotMinutes = directiveSlotMinutes
        self.degradedWorkShare = degradedWorkShare
        self.faults = faults
    }

    /// A kind's parameters: the scenario's, or the defaults.
    public func parameters(_ kind: FaultKind) -> FaultParameters {
        faults[kind] ?? FaultParameters.defaults(for: kind)
    }

    /// All faults per agent per hour, summed over the kinds.
    public var faultRatePerAgentPerHour: Double {
        FaultKind.allCases.reduce(0) { $0 + parameters($1).rate }
    }
}

extension Scenario {
    /// The names of the seed sources.
    public static let seedSourceNames: [String] = SourceSpec.seedSources.map(\.name)

    /// The fleet of the seeds, with the sources their work reads.
    public static let seedFleet: [SimAgentSpec] = [
        SimAgentSpec(name: "CEO", domain: .executive, dependencies: ["MarketIntel", "SalesPipeline"], slots: 2),
        SimAgentSpec(name: "ChiefOfStaff", domain: .executive, dependencies: ["SalesPipeline"], slots: 4),
        SimAgentSpec(name: "CRO", domain: .revenue, dependencies: ["SalesPipeline", "MarketIntel"], slots: 6),
        SimAgentSpec(name: "CMO", domain: .marketing, dependencies: ["MarketIntel", "ContentBriefs"], slots: 4),
        SimAgentSpec(name: "Content", domain: .content, dependencies: ["ContentBriefs"], slots: 4),
        SimAgentSpec(name: "COO", domain: .operations, dependencies: ["SalesPipeline"], slots: 4),
    ]

    /// The domains generated agents cycle through.
    static let generatedDomains: [Domain] = [.revenue, .marketing, .content, .operations]

    /// `count` generated agents, `agent-001`, `agent-002`, …, with domains cycling and the source of their domain.
    ///
    /// Each reads its domain's seed source when `sources` has it, else one of `sources` in turn, else
    /// none: a scenario that declares fewer sources never gets agents reading an undeclared one.
    public static func generatedAgents(_ count: Int, sources: [String] = seedSourceNames) -> [SimAgentSpec] {
        (0..<max(count, 0)).map { offset in
            let number = String(offset + 1)
            let name = "agent-" + String(repeating: "0", count: max(0, 3 - number.count)) + number
            let domain = generatedDomains[offset % generatedDomains.count]
            let own = source(of: domain)
            let dependencies = sources.contains(own) ? [own] : sources.isEmpty ? [] : [sources[offset % sources.count]]
            return SimAgentSpec(name: name, domain: domain, dependencies: dependencies, slots: 4)
        }
    }

    /// The seed fleet reading only what `sources` declares.
    static func seedFleet(reading sources: [String]) -> [SimAgentSpec] {
        seedFleet.map { agent in
            var agent = agent
            agent.dependencies = agent.dependencies.filter(sources.contains)
            return agent
        }
    }

    /// The seed source an agent of `domain` reads.
    static func source(of domain: Domain) -> String {
        switch domain {
        case .revenue, .operations: "SalesPipeline"
        case .marketing, .executive: "MarketIntel"
        case .content: "ContentBriefs"
        }
    }
}
