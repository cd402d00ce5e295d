/// An action that could be proposed next, with what ranking needs to know about it.
public struct RankingCandidate: Sendable, Hashable, Codable {
    /// The action type's name.
    public var actionType: String
    /// The agent that would propose it.
    public var agent: String
    /// Impact points if it succeeds.
    public var impactPoints: Double
    /// US dollars one impact point is worth in the action type's domain.
    public var dollarsPerPoint: Double
    /// What one run costs, in US dollars.
    public var costUsd: Double
    /// What has been learned about its chance of success.
    public var posterior: BetaPosterior

    /// Creates a candidate.
    public init(
        actionType: String, agent: String, impactPoints: Double, dollarsPerPoint: Double, costUsd: Double,
        posterior: BetaPosterior
    ) {
        self.actionType = actionType
        self.agent = agent
        self.impactPoints = impactPoints
        self.dollarsPerPoint = dollarsPerPoint
        self.costUsd = costUsd
        self.posterior = posterior
    }
}
