/// Skills ranked by success rate (seed 004 §2b.1, analysis 1): if skill A succeeds 99% of the time
/// and skill B 95%, prefer A where both apply.
public struct SkillReliability: Sendable, Hashable, Codable {
    public var skill: String
    public var executions: Int
    public var successes: Int
    public var successRate: Double

    /// Every skill of `facts`, best first; equal rates rank the skill with more executions first
    /// (the better-supported figure), then by name.
    public static func ranking(_ facts: [ExecutionFact]) -> [SkillReliability] {
        var counts: [String: (executions: Int, successes: Int)] = [:]
        for fact in facts {
            counts[fact.skill, default: (0, 0)].executions += 1
            if fact.succeeded { counts[fact.skill, default: (0, 0)].successes += 1 }
        }
        return counts.map { skill, c in
            SkillReliability(skill: skill, executions: c.executions, successes: c.successes, successRate: Double(c.successes) / Double(c.executions))
        }.sorted {
            ($0.successRate, $0.executions) != ($1.successRate, $1.executions)
                ? ($0.successRate, $0.executions) > ($1.successRate, $1.executions)
                : $0.skill < $1.skill
        }
    }
}
