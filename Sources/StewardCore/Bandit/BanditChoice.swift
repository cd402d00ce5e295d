/// The bandit's pick of a playbook, with everything needed to explain and audit it later.
public struct BanditChoice: Sendable, Hashable, Codable {
    /// The chosen playbook.
    public var chosen: String
    /// Whether this was an exploration rather than the best known choice (see ``PlaybookBandit``).
    public var explored: Bool
    /// The strategy that chose.
    public var strategy: BanditStrategy
    /// The exploration rate in force, clamped to 0...1 (recorded but unused under Thompson sampling).
    public var epsilon: Double
    /// The values the decision compared: mean rewards (epsilon-greedy), sampled mean rewards
    /// (Thompson), or expected utilities when nothing learned applied.
    public var scores: [String: Double]
    /// The candidates that could run without a person, in candidate order; only these are explored.
    public var allowed: [String]
    /// One sentence saying why, for the ledger and the dashboard.
    public var reason: String

    /// Creates a choice.
    public init(
        chosen: String, explored: Bool, strategy: BanditStrategy, epsilon: Double, scores: [String: Double],
        allowed: [String], reason: String
    ) {
        self.chosen = chosen
        self.explored = explored
        self.strategy = strategy
        self.epsilon = epsilon
        self.scores = scores
        self.allowed = allowed
        self.reason = reason
    }
}
