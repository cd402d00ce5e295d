/// One way to run a skill (seed 004 §2b.2), with the metrics its author expects of it.
public struct RoutingStrategy: Sendable, Hashable, Codable {
    /// The name executions report in `routing_strategy`.
    public var name: String
    /// What the strategy does, e.g. "rules-engine -> auth-validator -> executor".
    public var description: String
    /// Why someone proposed it.
    public var reasoning: String
    /// The declared priors, used until enough executions measure the strategy.
    public var expected: StrategyMetrics

    /// A strategy.
    public init(name: String, description: String = "", reasoning: String = "", expected: StrategyMetrics) {
        self.name = name
        self.description = description
        self.reasoning = reasoning
        self.expected = expected
    }
}

/// The strategies configured for one skill; the first is its default.
public struct SkillStrategies: Sendable, Hashable, Codable {
    /// The skill, as executions name it in `skill_name`.
    public var skill: String
    /// Its strategies, the default first.
    public var strategies: [RoutingStrategy]

    /// A skill's strategies.
    public init(skill: String, strategies: [RoutingStrategy]) {
        self.skill = skill
        self.strategies = strategies
    }

    /// The strategy used until a change is made.
    public var defaultStrategy: RoutingStrategy? { strategies.first }

    /// The strategy called `name`, if configured.
    public func strategy(named name: String) -> RoutingStrategy? { strategies.first { $0.name == name } }
}

/// Success rate, mean cost and mean latency of a strategy: declared or measured.
public struct StrategyMetrics: Sendable, Hashable, Codable {
    /// Share of executions that succeeded, 0...1.
    public var successRate: Double
    /// Mean cost of one execution in USD.
    public var costUSD: Double
    /// Mean latency of one execution in milliseconds.
    public var latencyMs: Double

    /// Metrics.
    public init(successRate: Double, costUSD: Double, latencyMs: Double) {
        self.successRate = successRate
        self.costUSD = costUSD
        self.latencyMs = latencyMs
    }
}
