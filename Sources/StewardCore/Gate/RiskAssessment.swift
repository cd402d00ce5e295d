import Foundation

/// The risk score of seed 000 §6, from 0 to 1, and the three parts it is made of.
///
/// Each part is a probability-like number in 0...1; they combine as a noisy-or,
/// `score = 1 − (1 − budgetOverrun)(1 − blastRadius)(1 − compliance)`, so any one part near 1
/// makes the whole near 1 and the score never leaves 0...1.
public struct RiskAssessment: Sendable, Hashable, Codable {
    /// The combined score.
    public var score: Double
    /// How likely running it breaks the tenant's daily budget: (spent + cost) / cap, capped at 1.
    public var budgetOverrun: Double
    /// How far its effect reaches: external contact, irreversibility, accounts affected.
    public var blastRadius: Double
    /// The action type's configured compliance sensitivity.
    public var compliance: Double

    /// Creates an assessment from its parts.
    public init(budgetOverrun: Double, blastRadius: Double, compliance: Double) {
        self.budgetOverrun = Self.unit(budgetOverrun)
        self.blastRadius = Self.unit(blastRadius)
        self.compliance = Self.unit(compliance)
        score = 1 - (1 - self.budgetOverrun) * (1 - self.blastRadius) * (1 - self.compliance)
    }

    /// Assesses a proposal of `type` against today's spending.
    public static func assess(_ proposal: ActionProposal, type: ActionType, budget: BudgetState) -> RiskAssessment {
        // Dollars as the budget's counter holds them: rounded, with no residue to tip a boundary.
        let overrun = budget.tenantCapUsd > 0 ? RoundedUsd.of(budget.tenantSpentUsd + type.costUsd) / budget.tenantCapUsd : 1
        return RiskAssessment(
            budgetOverrun: overrun,
            blastRadius: blastRadius(external: type.external, reversible: type.reversible, accounts: proposal.affectedAccounts),
            compliance: type.complianceSensitivity)
    }

    /// The most the tenant may have spent, this action included, for its risk score to stay below
    /// `threshold`: the budget part is the only one that moves with spending, so an autonomous
    /// charge reserved with this limit cannot cross the threshold however many land at once.
    public static func spendingLimit(_ proposal: ActionProposal, type: ActionType, capUsd: Double, threshold: Double) -> Double {
        let rest = (1 - blastRadius(external: type.external, reversible: type.reversible, accounts: proposal.affectedAccounts))
            * (1 - min(max(type.complianceSensitivity, 0), 1))
        return spendingLimit(rest: rest, capUsd: capUsd, threshold: threshold)
    }

    /// The limit for `rest`, what the parts other than the budget leave of the score's headroom.
    private static func spendingLimit(rest: Double, capUsd: Double, threshold: Double) -> Double {
        guard threshold < 1 else { return capUsd }
        guard rest > 0 else { return 0 }
        let maxShare = 1 - (1 - threshold) / rest
        // Strictly below the threshold, on the counter's grid of tenths of a cent: the largest
        // such amount under the boundary (a boundary that is itself on the grid is excluded,
        // whatever residue the division left in it).
        let boundary = capUsd * maxShare * 1_000
        return max(0, min(capUsd, ((boundary - 1e-6).rounded(.up) - 1) / 1_000))
    }

    /// Whether charging `costUsd` would take the tenant's spending past ``spendingLimit(_:type:capUsd:threshold:)``,
    /// from this assessment's own parts: the gate holds such a proposal for a person even when the
    /// score, computed in floating point, lands a hair under the threshold, so the gate and the
    /// counter's reservation agree.
    public func passesSpendingLimit(costUsd: Double, budget: BudgetState, threshold: Double) -> Bool {
        guard costUsd > 0 else { return false }
        let limit = Self.spendingLimit(rest: (1 - blastRadius) * (1 - compliance), capUsd: budget.tenantCapUsd, threshold: threshold)
        return RoundedUsd.of(budget.tenantSpentUsd + costUsd) > limit + 1e-9
    }

    /// External contact weighs 0.6, irreversibility 0.4, and reach grows with the accounts
    /// affected (0 for one, 0.5 for eleven, towards 1 for hundreds), combined as a noisy-or.
    public static func blastRadius(external: Bool, reversible: Bool, accounts: Int) -> Double {
        let reach = 1 - 1 / (1 + Double(max(accounts, 1) - 1) / 10)
        return 1 - (external ? 0.4 : 1) * (reversible ? 1 : 0.6) * (1 - reach)
    }

    private static func unit(_ x: Double) -> Double { x.isNaN ? 1 : min(max(x, 0), 1) }
}

/// The two pre-composed options a person gets when the risk gate escalates: never raw logs.
public struct EscalationOptions: Sendable, Hashable, Codable {
    /// The cautious choice.
    public var safe: EscalationOption
    /// The bold choice.
    public var aggressive: EscalationOption
    /// Whether it pages a person now; false once the day's escalation cap is reached, when it
    /// waits in the daily digest instead.
    public var pages: Bool

    /// Creates the pair.
    public init(safe: EscalationOption, aggressive: EscalationOption, pages: Bool = true) {
        self.safe = safe
        self.aggressive = aggressive
        self.pages = pages
    }

    /// The options for a proposal the risk gate held back.
    public static func compose(
        for proposal: ActionProposal, type: ActionType, risk: RiskAssessment, budget: BudgetState, pages: Bool = true
    ) -> EscalationOptions {
        let account = proposal.account.map { " for account \($0)" } ?? ""
        var strongest = [("budget", risk.budgetOverrun), ("reach", risk.blastRadius), ("compliance", risk.compliance)]
            .max { $0.1 < $1.1 }?.0 ?? "risk"
        if risk.score == 0 { strongest = "risk" }
        let driver: String
        switch strongest {
        case "budget": driver = String(format: "it would bring today's spending to %.0f%% of the ", risk.budgetOverrun * 100) + "\(FormattedUsd(budget.tenantCapUsd)) cap"
        case "reach": driver = type.external ? "it reaches people outside the organisation" : "its effect is hard to undo or reaches many accounts"
        case "compliance": driver = "the action type is compliance-sensitive"
        default: driver = "its risk score is high"
        }
        let safe = EscalationOption(
            choice: "reject", title: "Hold \(type.name)\(account)",
            why: "Nothing runs; \(driver). The proposal stays in the ledger and "
                // Only an account's actions have a daily digest; the rest wait in the inbox.
                + (proposal.account.map { "in today's digest for account \($0)" } ?? "in the inbox") + " for review.")
        let aggressive = EscalationOption(
            choice: "approve", title: "Run \(type.name)\(account) now",
            why: "Runs at once for \(FormattedUsd(type.costUsd))"
                + String(format: " with risk score %.2f; choose it if the expected value (%.0f impact points) is worth that.", risk.score, proposal.impactPoints ?? type.impactPoints))
        return EscalationOptions(safe: safe, aggressive: aggressive, pages: pages)
    }
}

/// One pre-composed option.
public struct EscalationOption: Sendable, Hashable, Codable {
    /// What choosing it does to the action: `approve` or `reject`.
    public var choice: String
    /// A short title.
    public var title: String
    /// Why one would choose it.
    public var why: String

    /// Creates an option.
    public init(choice: String, title: String, why: String) {
        self.choice = choice
        self.title = title
        self.why = why
    }
}
