/// One line of the "what should I do next?" ranking (seed 003 §5.5, §5.6).
public struct RankedAction: Sendable, Hashable, Codable {
    /// The action type's name.
    public var actionType: String
    /// The agent that would propose it.
    public var agent: String
    /// The posterior mean chance of success.
    public var expectedSuccess: Double
    /// The lower end of the credible interval for the chance of success.
    public var intervalLower: Double
    /// The upper end of the credible interval for the chance of success.
    public var intervalUpper: Double
    /// The weight of evidence behind it (``BetaPosterior/samples``).
    public var samples: Double
    /// expectedSuccess × impactPoints × dollarsPerPoint − costUsd, in US dollars.
    public var expectedValue: Double
    /// Its place, 1 for the best.
    public var rank: Int

    /// Creates a ranked action.
    public init(
        actionType: String, agent: String, expectedSuccess: Double, intervalLower: Double, intervalUpper: Double,
        samples: Double, expectedValue: Double, rank: Int
    ) {
        self.actionType = actionType
        self.agent = agent
        self.expectedSuccess = expectedSuccess
        self.intervalLower = intervalLower
        self.intervalUpper = intervalUpper
        self.samples = samples
        self.expectedValue = expectedValue
        self.rank = rank
    }
}
