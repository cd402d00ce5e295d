/// Cost by skill (seed 004 §2b.1, analysis 2): total, count and average per skill, most expensive
/// first. Executions whose cost is unknown are counted apart and never as a cost of 0.
public struct SkillCost: Sendable, Hashable, Codable {
    public var skill: String
    /// Every execution counted, with a known cost or not.
    public var executions: Int
    public var knownCostExecutions: Int
    public var unknownCostExecutions: Int
    /// The sum of the known costs.
    public var totalCostUSD: Double
    /// Total over the executions with a known cost; nil when none had one.
    public var averageCostUSD: Double?

    /// The cost of each skill of `facts`, restricted to cost tier `tier` when given.
    public static func breakdown(_ facts: [ExecutionFact], tier: String? = nil) -> [SkillCost] {
        var rows: [String: SkillCost] = [:]
        for fact in facts where tier == nil || fact.tier == tier {
            var row = rows[fact.skill] ?? SkillCost(
                skill: fact.skill, executions: 0, knownCostExecutions: 0, unknownCostExecutions: 0, totalCostUSD: 0, averageCostUSD: nil)
            row.executions += 1
            if let cost = fact.costUSD {
                row.knownCostExecutions += 1
                row.totalCostUSD += cost
            } else {
                row.unknownCostExecutions += 1
            }
            rows[fact.skill] = row
        }
        return rows.values.map { row in
            var row = row
            row.averageCostUSD = row.knownCostExecutions > 0 ? row.totalCostUSD / Double(row.knownCostExecutions) : nil
            return row
        }.sorted { $0.totalCostUSD != $1.totalCostUSD ? $0.totalCostUSD > $1.totalCostUSD : $0.skill < $1.skill }
    }
}
