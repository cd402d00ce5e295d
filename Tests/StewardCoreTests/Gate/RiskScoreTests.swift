import Testing
import StewardCore

/// The risk score of seed 000 §6: a noisy-or of budget overrun, blast radius and compliance.
@Suite struct RiskScoreTests {
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 }

    @Test func partsCombineAsANoisyOr() {
        #expect(Self.close(RiskAssessment(budgetOverrun: 0.5, blastRadius: 0.5, compliance: 0.5).score, 0.875))
        #expect(Self.close(RiskAssessment(budgetOverrun: 0.2, blastRadius: 0, compliance: 0).score, 0.2))
        #expect(Self.close(RiskAssessment(budgetOverrun: 0.1, blastRadius: 0.4, compliance: 0.6).score, 1 - 0.9 * 0.6 * 0.4))
        #expect(RiskAssessment(budgetOverrun: 0, blastRadius: 0, compliance: 0).score == 0)
        #expect(RiskAssessment(budgetOverrun: 0, blastRadius: 1, compliance: 0).score == 1)
    }

    @Test func partsAreClampedIntoTheUnitInterval() {
        let risk = RiskAssessment(budgetOverrun: 2.5, blastRadius: -1, compliance: .nan)
        #expect(risk.budgetOverrun == 1 && risk.blastRadius == 0 && risk.compliance == 1)
        #expect(risk.score == 1)
        let infinite = RiskAssessment(budgetOverrun: -.infinity, blastRadius: .infinity, compliance: 0.3)
        #expect(infinite.budgetOverrun == 0 && infinite.blastRadius == 1 && infinite.score == 1)
    }

    @Test(arguments: [
        // (external, reversible, accounts, blast radius)
        (false, true, 1, 0.0), (false, true, 0, 0.0), (false, true, -5, 0.0), (false, true, 11, 0.5), (false, true, 21, 2.0 / 3),
        (true, true, 1, 0.6), (false, false, 1, 0.4), (true, false, 1, 0.76), (true, true, 11, 0.8), (true, false, 11, 0.88),
    ])
    func blastRadius(external: Bool, reversible: Bool, accounts: Int, expected: Double) {
        #expect(Self.close(RiskAssessment.blastRadius(external: external, reversible: reversible, accounts: accounts), expected))
    }

    @Test func blastRadiusGrowsTowardsOneWithReach() {
        let values = [1, 2, 11, 101, 1_001, 100_001].map { RiskAssessment.blastRadius(external: false, reversible: true, accounts: $0) }
        #expect(values == values.sorted() && Set(values).count == values.count)
        #expect(values.last! < 1 && values.last! > 0.999)
    }

    @Test func budgetOverrunIsSpendingAfterTheActionOverTheCap() {
        let type = GateFixture.type("generate_meeting_brief") // $0.05
        let proposal = GateFixture.proposal(type.name)
        func overrun(spent: Double, cap: Double) -> Double {
            RiskAssessment.assess(proposal, type: type, budget: BudgetState(tenantSpentUsd: spent, tenantCapUsd: cap, accountAutonomousActions: 0, accountDailyLimit: 1)).budgetOverrun
        }
        #expect(Self.close(overrun(spent: 49.95, cap: 100), 0.5))
        #expect(overrun(spent: 150, cap: 100) == 1)
        #expect(overrun(spent: 0, cap: 0) == 1)
        #expect(overrun(spent: -10, cap: 1) == 0)
    }

    @Test func assessmentUsesTheTypesCompliance() {
        let type = GateFixture.type("modify_pricing")
        let budget = BudgetState(tenantSpentUsd: 0, tenantCapUsd: 1_000, accountAutonomousActions: 0, accountDailyLimit: 1)
        let risk = RiskAssessment.assess(GateFixture.proposal(type.name, affectedAccounts: 11), type: type, budget: budget)
        #expect(risk.compliance == 0.9)
        #expect(Self.close(risk.blastRadius, 0.5))
        #expect(Self.close(risk.score, 1 - (1 - 0.001 / 1_000) * 0.5 * 0.1))
    }
}
