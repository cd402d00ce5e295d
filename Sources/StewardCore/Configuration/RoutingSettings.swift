/// Bounded autonomous routing (seed 004 §2b.2, §2b.4, §2c): the strategies of each skill, how
/// they are measured and scored, the guardrails and the review's pace.
public struct RoutingSettings: Sendable, Hashable, Codable {
    /// Strategies per skill; a skill without any is not routed.
    public var skills: [SkillStrategies]
    /// Executions a strategy needs in the window before its measured metrics replace its priors.
    public var minimumSample: Int
    /// The days of executions measured.
    public var windowDays: Int
    /// How strategies are scored.
    public var reward: Reward
    /// The bounds of autonomous changes.
    public var guardrails: AutonomyGuardrails
    /// Proposals a tenant's reviews may make in seven days.
    public var maxProposalsPerWeek: Int
    /// Hours between scheduled reviews (a week by default).
    public var reviewIntervalHours: Int
    /// Hours a new strategy is watched for a rollback.
    public var monitorHours: Int

    /// Routing settings.
    public init(
        skills: [SkillStrategies] = [], minimumSample: Int = 30, windowDays: Int = 7, reward: Reward = .init(),
        guardrails: AutonomyGuardrails = .init(), maxProposalsPerWeek: Int = 3, reviewIntervalHours: Int = 168, monitorHours: Int = 24
    ) {
        self.skills = skills
        self.minimumSample = minimumSample
        self.windowDays = windowDays
        self.reward = reward
        self.guardrails = guardrails
        self.maxProposalsPerWeek = maxProposalsPerWeek
        self.reviewIntervalHours = reviewIntervalHours
        self.monitorHours = monitorHours
    }

    /// The strategies of `skill`, if it has any.
    public func strategies(of skill: String) -> SkillStrategies? {
        skills.first { $0.skill == skill && !$0.strategies.isEmpty }
    }
}
