public import StewardCore

/// How much of one daily budget the tenant has spent today.
public struct BudgetUse: Sendable, Hashable {
    /// The budget, with its cap in force.
    public let budget: DailyBudget
    /// Spent today, in US dollars.
    public let spentUsd: Double

    /// What is left today (never below zero).
    public var remainingUsd: Double { max(0, budget.capUsd - spentUsd) }
}
