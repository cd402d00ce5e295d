import Testing
import StewardCore

/// Expected utility of seed 000 §2: impact × dollars per point × P(success) − cost − risk × downside.
@Suite struct ExpectedUtilityTests {
    static let values = DomainValues(revenuePoint: 2, marketingPoint: 0.3, contentPoint: 0.2)
    static let campaign = ActionType(
        name: "launch_campaign", risk: .medium, reversible: true, idempotent: true, external: false, costUsd: 0.5,
        domain: .marketing, impactPoints: 10, expectedDownsideUsd: 100)
    static let quarterRisk = RiskAssessment(budgetOverrun: 0.25, blastRadius: 0, compliance: 0)

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }

    @Test func handComputed() {
        // 10 points × $0.30 × 0.8 = 2.4; − $0.50; − 0.25 × $100 = 25 → −23.1.
        let eu = ExpectedUtility.of(
            GateFixture.proposal(Self.campaign.name), type: Self.campaign, risk: Self.quarterRisk, values: Self.values,
            successProbability: 0.8)
        #expect(Self.close(eu.valueGain, 2.4) && eu.cost == 0.5 && Self.close(eu.riskPenalty, 25))
        #expect(Self.close(eu.value, -23.1))
    }

    @Test func theProposalsImpactOverridesTheTypes() {
        var proposal = GateFixture.proposal(Self.campaign.name)
        proposal.impactPoints = 20
        let eu = ExpectedUtility.of(proposal, type: Self.campaign, risk: Self.quarterRisk, values: Self.values, successProbability: 0.8)
        #expect(Self.close(eu.value, 4.8 - 0.5 - 25))
    }

    @Test func aPositiveUtility() {
        // create_followup_task: 2 points × $2 × 1 − $0.002 − 0.1 × $1 = 3.898.
        let type = GateFixture.type("create_followup_task")
        let risk = RiskAssessment(budgetOverrun: 0, blastRadius: 0.1, compliance: 0)
        let eu = ExpectedUtility.of(GateFixture.proposal(type.name), type: type, risk: risk, values: Self.values)
        #expect(Self.close(eu.value, 3.898))
    }

    @Test(arguments: [(1.5, 1.0), (-0.2, 0.0), (0.3, 0.3)])
    func successProbabilityIsClamped(given: Double, used: Double) {
        let eu = ExpectedUtility.of(
            GateFixture.proposal(Self.campaign.name), type: Self.campaign, risk: Self.quarterRisk, values: Self.values,
            successProbability: given)
        #expect(Self.close(eu.valueGain, 10 * 0.3 * used))
    }

    @Test func partsAddUp() {
        let eu = ExpectedUtility(valueGain: 7, cost: 1.5, riskPenalty: 2.25)
        #expect(eu.value == 3.25)
    }

    @Test(arguments: [(Domain.revenue, 2.0), (.operations, 2.0), (.executive, 2.0), (.marketing, 0.3), (.content, 0.2)])
    func dollarsPerPoint(domain: Domain, dollars: Double) {
        #expect(Self.values.dollars(perPointOf: domain) == dollars)
    }

    static func candidate(_ name: String, _ value: Double) -> ScoredCandidate {
        ScoredCandidate(name: name, utility: ExpectedUtility(valueGain: value, cost: 0, riskPenalty: 0))
    }

    @Test func rankedBestFirst() {
        let ranked = ScoredCandidate.ranked([Self.candidate("a", 1), Self.candidate("b", 3), Self.candidate("c", -2), Self.candidate("d", 2)])
        #expect(ranked.map(\.name) == ["b", "d", "a", "c"])
    }

    @Test func tiesKeepTheGivenOrder() {
        let given = [Self.candidate("x", 1), Self.candidate("y", 5), Self.candidate("z", 1), Self.candidate("w", 1), Self.candidate("v", 5)]
        #expect(ScoredCandidate.ranked(given).map(\.name) == ["y", "v", "x", "z", "w"])
        #expect(ScoredCandidate.ranked(given.reversed()).map(\.name) == ["v", "y", "w", "z", "x"])
        #expect(ScoredCandidate.ranked([]).isEmpty)
    }
}
